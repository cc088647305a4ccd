# Two commands: `make serve` (set up, load the bundled corpus, serve it) and `make test` (set up, run every test).
# Needs only Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: serve test setup load clean system

# pip's own chatter (setuptools' note on editable installs of a package-dir layout) goes to .venv/pip.log, and is
# printed whole if the install fails.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	@echo "installing itukg and its test and embedding extras into $(VENV) (pip's log: $(VENV)/pip.log)"
	@$(BIN)/python -m pip install --quiet -e '.[test,dense]' > $(VENV)/pip.log 2>&1 || { cat $(VENV)/pip.log; exit 1; }
	touch $(STAMP)

setup: $(STAMP)

load: $(STAMP)
	$(BIN)/itukg load data/corpus/*.txt

# `make serve PORT=8080 HOST=0.0.0.0` to serve elsewhere than http://127.0.0.1:8000/
PORT ?= 8000
HOST ?= 127.0.0.1
serve: $(STAMP)
	$(BIN)/itukg serve --host $(HOST) --port $(PORT)

# The lint first (ruff, the rules in pyproject.toml; docs/decisions.md, decision 51), so a finding fails the run.
test: $(STAMP) system
	@echo "linting with ruff, then running the whole test suite (about 18 minutes on 2 cores; the W3C suites"
	@echo "  skip without ../shared)"
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

# What the tests drive besides Python, from Debian's packages, installed in one go when missing (and only as
# root; otherwise the tests that need them skip with the reason): Chromium and ChromeDriver for the browser
# tests (tests/api/web/test_page.py), Virtuoso open source for the remote-store tests (tests/api/store/), and
# jemalloc, which the service's engine process runs on when it is there (api/engine/process.py;
# tests/api/engine/test_engine.py).
MULTIARCH := $(shell $(PYTHON) -c "import sysconfig; print(sysconfig.get_config_var('MULTIARCH') or '')" 2>/dev/null)
SYSTEM_PACKAGES := /usr/bin/chromium:chromium /usr/bin/chromedriver:chromium-driver /usr/bin/virtuoso-t:virtuoso-opensource \
	/usr/lib/$(MULTIARCH)/libjemalloc.so.2:libjemalloc2

system:
	@missing=""; for entry in $(SYSTEM_PACKAGES); do \
		[ -e "$${entry%%:*}" ] || missing="$$missing $${entry#*:}"; \
	done; \
	if [ -n "$$missing" ] && [ "$$(id -u)" = 0 ]; then \
		echo "installing from Debian:$$missing (Chromium and ChromeDriver for the browser tests, Virtuoso for the"; \
		echo "  remote-store tests, jemalloc for the engine process; without them those tests skip)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

clean:
	rm -rf $(VENV) .itukg build *.egg-info
