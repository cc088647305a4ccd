# Two commands: `make serve` (set up, load the bundled corpus, serve it) and `make test` (set up, run every test).
# Needs only Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: serve test setup load clean

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

test: $(STAMP)
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) .itukg build *.egg-info
