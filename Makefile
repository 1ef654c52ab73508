# Two commands on a fresh machine:
#   make site   build the sample site into site/ (creates .venv, installs what is missing)
#   make test   the same set-up, plus the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SYSTEM := bash .ci/install-system.sh

.PHONY: site serve test validate stats bench bench-paper bench-ledger bench-edit clean system-site system-test

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.site: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	@touch $@

$(VENV)/.test: pyproject.toml $(VENV)/.site
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

system-site:
	@$(SYSTEM) site

system-test:
	@$(SYSTEM) test

site: system-site $(VENV)/.site
	$(BIN)/showcase build

serve: system-site $(VENV)/.site
	$(BIN)/showcase serve

validate: $(VENV)/.site
	$(BIN)/showcase validate

stats: $(VENV)/.site
	$(BIN)/showcase stats

test: system-test $(VENV)/.test node_modules/.installed
	$(BIN)/python -m pytest -n 2 --dist loadgroup -q -m "not timed"
	$(BIN)/python -m pytest -q -m timed  # Lighthouse's performance score is timed: alone on the machine

bench: system-site $(VENV)/.test
	cd scripts && ../$(BIN)/python -m bench.site
	$(MAKE) bench-edit bench-paper bench-ledger

bench-edit: $(VENV)/.site  # showcase serve: a saved record until its page shows it, N = 2,000 and 10,000
	cd scripts && ../$(BIN)/python -m bench.edit --sizes 2000,10000

bench-paper: $(VENV)/.site  # the printed documents alone: 2,000 service records and the honors' PDFs
	cd scripts && ../$(BIN)/python bench/paper.py --people 2000

bench-ledger: $(VENV)/.site  # the service ledger alone: showcase validate of 1M and 5M rows
	cd scripts && PYTHONPATH=$(CURDIR)/scripts ../$(BIN)/python -m bench.ledger --rows 1000000,5000000

clean:
	rm -rf site build .cache .pytest_cache node_modules
