# lvzhi: `make demo` runs the platform on SQLite with the demo district; `make test` runs
# every test on SQLite, on PostgreSQL when one is reachable, then the browser tests.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
VENDOR := lvzhi/static/vendor
# PostgreSQL for the second test run: DATABASE_URL if set, else the local socket.
PG_TEST_URL ?= $(or $(DATABASE_URL),postgres:///lvzhi)
HOST ?= 127.0.0.1
PORT ?= 8000

# Python dependencies come from lock files with hashes (pip-tools); `make lock` refreshes
# them after a change to pyproject.toml (`make lock UPGRADE=1` moves every pin forward).
LOCK := requirements.lock
DEV_LOCK := requirements-dev.lock
LOCK_VENV := /tmp/lvzhi-lock-venv
COMPILE = $(LOCK_VENV)/bin/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links $(if $(UPGRADE),--upgrade)
# With CI=true an unreachable PostgreSQL fails the run instead of skipping it.
PG_MISSING = $(if $(filter true,$(CI)),exit 1,true)

.PHONY: demo install assets lock test test-sqlite test-postgres test-browser test-api prod-smoke bench lint format clean

$(STAMP): pyproject.toml $(DEV_LOCK)
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "lvzhi 需要 Python 3.11 或更高版本"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r $(DEV_LOCK)
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

lock:
	test -x $(LOCK_VENV)/bin/pip-compile || { $(PYTHON) -m venv $(LOCK_VENV) && $(LOCK_VENV)/bin/pip install --quiet pip-tools; }
	$(COMPILE) -o $(LOCK) pyproject.toml
	$(COMPILE) --extra dev -c $(LOCK) -o $(DEV_LOCK) pyproject.toml

install: $(STAMP) assets

$(VENDOR)/.installed: package.json Makefile
	npm install --no-audit --no-fund --loglevel=error
	mkdir -p $(VENDOR)/bootstrap $(VENDOR)/htmx $(VENDOR)/echarts
	cp node_modules/bootstrap/dist/css/bootstrap.min.css $(VENDOR)/bootstrap/
	cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js $(VENDOR)/bootstrap/
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx/
	cp node_modules/echarts/dist/echarts.min.js $(VENDOR)/echarts/
	# Source maps are not shipped: drop the comments that name them (collectstatic's
	# manifest would fail on the missing .map files).
	sed -i '/^\/[*\/]# sourceMappingURL=/d' $(VENDOR)/*/*.js $(VENDOR)/*/*.css
	touch $(VENDOR)/.installed

assets: $(VENDOR)/.installed

demo: install
	LVZHI_DEBUG=1 $(BIN)/lvzhi demo
	LVZHI_DEBUG=1 $(BIN)/lvzhi runserver $(HOST):$(PORT)

test: install test-sqlite test-postgres test-browser test-api

# Two workers (pytest-xdist): one per core of the CI machine.
WORKERS ?= 2

test-sqlite: install
	env -u DATABASE_URL LVZHI_DEBUG=1 $(BIN)/pytest -m "not browser" -q -n $(WORKERS)

test-postgres: install
	@if $(BIN)/python scripts/pg_reachable.py "$(PG_TEST_URL)"; then \
		DATABASE_URL="$(PG_TEST_URL)" LVZHI_DEBUG=1 $(BIN)/pytest -m "not browser" -q -n $(WORKERS); \
	else \
		echo "PostgreSQL 不可达（$(PG_TEST_URL)），跳过 PostgreSQL 测试"; $(PG_MISSING); \
	fi

test-browser: install
	env -u DATABASE_URL LVZHI_DEBUG=1 DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest -m browser -q

# schemathesis over every API operation against a live demo server: no 5xx, no schema breach.
API_FUZZ_PG_URL ?= postgres:///lvzhi_fuzz
test-api: install
	env -u DATABASE_URL $(BIN)/python scripts/api_fuzz.py --database sqlite
	@if $(BIN)/python scripts/pg_reachable.py "$(API_FUZZ_PG_URL)"; then \
		$(BIN)/python scripts/api_fuzz.py --database "$(API_FUZZ_PG_URL)"; \
	else \
		echo "PostgreSQL 不可达，跳过 PostgreSQL 上的 API 模糊测试"; $(PG_MISSING); \
	fi

# The README's production deployment on this machine (PostgreSQL, Redis, `pip install .`,
# gunicorn with DEBUG off), checked with curl: scripts/prod_smoke.sh.
prod-smoke: assets
	bash scripts/prod_smoke.sh

# DEBUG is off unless LVZHI_DEBUG=1: the benchmarks run with development settings (the
# load benchmark's gunicorn runs production settings on PostgreSQL and Redis).
bench: export LVZHI_DEBUG := 1
bench: install
	env -u DATABASE_URL $(BIN)/python benchmarks/run.py --database sqlite
	env -u DATABASE_URL $(BIN)/python benchmarks/catalog.py --database sqlite
	env -u DATABASE_URL $(BIN)/python benchmarks/processes.py --database sqlite
	env -u DATABASE_URL $(BIN)/python benchmarks/members.py --database sqlite
	env -u DATABASE_URL $(BIN)/python benchmarks/workbench.py --database sqlite
	env -u DATABASE_URL $(BIN)/python benchmarks/exports.py --database sqlite
	env -u DATABASE_URL $(BIN)/python benchmarks/grassroots.py --database sqlite
	env -u DATABASE_URL $(BIN)/python benchmarks/socialorgs.py --database sqlite
	env -u DATABASE_URL $(BIN)/python benchmarks/ledger.py --database sqlite --entries 300000
	env -u DATABASE_URL $(BIN)/python benchmarks/homes.py --database sqlite
	@if $(BIN)/python scripts/pg_reachable.py "$(PG_TEST_URL)"; then \
		$(BIN)/python benchmarks/run.py --database "$(PG_TEST_URL)" && \
		$(BIN)/python benchmarks/catalog.py --database "$(PG_TEST_URL)" && \
		$(BIN)/python benchmarks/processes.py --database "$(PG_TEST_URL)" && \
		$(BIN)/python benchmarks/members.py --database "$(PG_TEST_URL)" && \
		$(BIN)/python benchmarks/workbench.py --database "$(PG_TEST_URL)" && \
		$(BIN)/python benchmarks/exports.py --database "$(PG_TEST_URL)" && \
		$(BIN)/python benchmarks/grassroots.py --database "$(PG_TEST_URL)" && \
		$(BIN)/python benchmarks/socialorgs.py --database "$(PG_TEST_URL)" && \
		$(BIN)/python benchmarks/ledger.py --database "$(PG_TEST_URL)" && \
		$(BIN)/python benchmarks/homes.py --database "$(PG_TEST_URL)" && \
		$(BIN)/python benchmarks/partitions.py --database "$(PG_TEST_URL)" && \
		$(BIN)/python benchmarks/load.py --database "$(PG_TEST_URL)"; fi

# Style, then the import contracts of pyproject.toml [tool.importlinter] (dependencies
# point one way: core ← orgs ← catalog ← processes ← the modules above them).
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) node_modules $(VENDOR) staticfiles
