# Two commands for a new machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DATA_DIR ?= $(or $(STATION_DATA_DIR),$(CURDIR)/.station-data)
STAMP := $(VENV)/.installed

.PHONY: run test lint screenshots translations clean bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,hub]'
	touch $(STAMP)

# Creates the venv, seeds the demo station on first run, opens the counter window.
run: $(STAMP)
	@$(PY) tools/check_display.py
	@test -f "$(DATA_DIR)/station.db" || $(PY) main.py --data-dir "$(DATA_DIR)" init --demo
	$(PY) main.py --data-dir "$(DATA_DIR)"

# The whole suite, headless (Qt offscreen), plus the linters and the import contracts
# (`[tool.importlinter]` in pyproject.toml: which package may import which).
test: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy station_app main.py county_hub village_protocol
	$(VENV)/bin/lint-imports --no-cache
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) tools/screenshots.py screenshots

translations: $(STAMP)
	$(PY) tools/update_translations.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache

# Benchmarks at full size (100,000 products, 1,000,000 sales); the station is cached in
# bench/.cache, results go to bench/results.json. `make bench BENCH_SIZE=small` is quick.
BENCH_SIZE ?= full
bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m bench --size $(BENCH_SIZE)
