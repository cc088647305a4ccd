# Two commands: `make serve` (set up, load the bundled corpus, serve it) and `make test` (set up, run every test).
# Needs only Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: serve test setup load clean browser

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

load: $(STAMP)
	$(BIN)/itukg load data/corpus/*.txt

serve: $(STAMP)
	$(BIN)/itukg serve

test: $(STAMP) browser
	$(BIN)/python -m pytest -q

# Debian's Chromium and ChromeDriver for the browser test (tests/api/test_page.py); installed only when
# missing and only as root, otherwise that test skips.
browser:
	@if { [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; } && [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	fi

clean:
	rm -rf $(VENV) .itukg build *.egg-info
