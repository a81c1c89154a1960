# Two commands for a new machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DATA_DIR ?= $(or $(STATION_DATA_DIR),$(CURDIR)/.station-data)
STAMP := $(VENV)/.installed

.PHONY: run test lint screenshots translations clean bench bench-station bench-ingest bench-hub dist package-linux

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,hub,dist]'
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

# Every benchmark: the station (100,000 products, 1,000,000 sales, cached in bench/.cache;
# bench/results.json), then the hub's ingest under load (bench-ingest) and the console and
# `stats` at 10 million events (bench-hub), both on PostgreSQL at $(HUB_BENCH_SERVER).
# `make bench BENCH_SIZE=small` is quick.
BENCH_SIZE ?= full
HUB_BENCH_SERVER ?= postgresql://postgres@127.0.0.1:5432/postgres
bench: bench-station bench-ingest bench-hub

bench-station: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m bench --size $(BENCH_SIZE)

# Hub ingest: 40 stations uploading from 8 client processes to `serve --workers 2` on
# SQLite and on PostgreSQL (database hub_ingest_bench, recreated); bench/hub_ingest_results.json.
HUB_INGEST_EVENTS_full := 400000
HUB_INGEST_EVENTS_small := 20000
bench-ingest: $(STAMP)
	$(PY) -m bench.hub_ingest --server $(HUB_BENCH_SERVER) --stations 40 --clients 8 \
	  --events $(HUB_INGEST_EVENTS_$(BENCH_SIZE))

# The frozen station: dist/village-station/ with `station` (windowed) and `station-sync`
# (console) over one runtime, built by PyInstaller from packaging/station.spec (about
# 4 minutes on 2 cores). STATION_UPDATE_ROOT=PATH/root.json (from `python -m county_hub
# init-update-keys`) builds in the county's update root: without it the build cannot
# update itself. The Windows build is made on Windows: packaging/windows/build.ps1.
DIST := dist/village-station
dist: $(STAMP)
	$(PY) -m PyInstaller --noconfirm --log-level WARN --distpath dist \
	  --workpath build/pyinstaller packaging/station.spec
	@echo "$(DIST): $$(du -sm $(DIST) | cut -f1) MB"

# The Linux tarball of the frozen station (desktop entry, nightly systemd user timer,
# install.sh / uninstall.sh): dist/village-station-VERSION-linux-x86_64.tar.gz.
package-linux: dist
	packaging/linux/make-tarball.sh $(DIST) dist

# The county console at scale: 500 stations and 10,000,000 events built straight in
# PostgreSQL (a database `hub_bench` on $(HUB_BENCH_SERVER), recreated), page times to
# bench/hub_results.json. `make bench-hub HUB_BENCH_EVENTS=100000` is quick.
HUB_BENCH_STATIONS_full := 500
HUB_BENCH_STATIONS_small := 5
HUB_BENCH_EVENTS_full := 10000000
HUB_BENCH_EVENTS_small := 100000
HUB_BENCH_STATIONS ?= $(HUB_BENCH_STATIONS_$(BENCH_SIZE))
HUB_BENCH_EVENTS ?= $(HUB_BENCH_EVENTS_$(BENCH_SIZE))
bench-hub: $(STAMP)
	$(PY) -m bench.hub_console --server $(HUB_BENCH_SERVER) --stations $(HUB_BENCH_STATIONS) --events $(HUB_BENCH_EVENTS)
