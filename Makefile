# dondoc — two commands: `make run` (set up and serve) and `make test` (set up and test).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: install migrate demo run test test-pg test-redis test-faults lint bench bench-sqlite bench-data load-test load-test-sqlite clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

var:
	mkdir -p var

migrate: install var
	$(BIN)/dondoc migrate --noinput -v 0

demo: migrate
	$(BIN)/dondoc demo

run: demo
	$(BIN)/dondoc collectstatic --noinput -v 0
	@echo "dondoc: http://127.0.0.1:$(PORT)/  (Ctrl+C để dừng)"
	@$(BIN)/dondoc worker > var/worker.log 2>&1 & echo $$! > var/worker.pid; \
	trap 'kill $$(cat var/worker.pid) 2>/dev/null' EXIT INT TERM; \
	$(BIN)/dondoc serve --local --port $(PORT)

test: install var
	$(BIN)/python -m pytest -q

# The same suite on PostgreSQL (DATABASE_URL must point at a server that lets us create a test database).
test-pg: install var
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(BIN)/python -m pytest -q -m "not browser"

# The scale-out mode on a Redis server (a database of its own: the test empties it).
test-redis: install var
	DONDOC_TEST_REDIS_URL=$${DONDOC_TEST_REDIS_URL:-redis://127.0.0.1:6379/5} $(BIN)/python -m pytest -q -p no:randomly tests/scaleout

# Faults on private servers (a PostgreSQL cluster of their own, a small tmpfs): needs root.
test-faults: install var
	DONDOC_FAULT_TESTS=1 $(BIN)/python -m pytest -q -p no:randomly tests/faults

# Load tests (Locust, 5 minutes each): production setup on PostgreSQL (LOAD_PG_URL, default
# the local server) with 200 users, and the embedded SQLite mode with 20 writing users.
# Results in bench/results/load-*.json. Not part of `make test`.
LOAD_STAMP := $(VENV)/.installed-load
$(LOAD_STAMP): $(STAMP)
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[dev,load]'
	touch $(LOAD_STAMP)

load-test: $(LOAD_STAMP) var
	$(BIN)/python bench/load/run.py postgresql

load-test-sqlite: $(LOAD_STAMP) var
	$(BIN)/python bench/load/run.py sqlite

lint: install
	$(BIN)/ruff check dondoc tests bench
	$(BIN)/ruff format --check dondoc tests bench

# Benchmarks (bench/README.md): extraction per document and on 1 MB, then every page of
# the registry (bench/measures/) and the reminder run on the generated million-task
# PostgreSQL database (BENCH_PG_URL; build it once with `make bench-data`), then on a
# smaller SQLite one (built on first use). Results: bench/results/*.json.
BENCH_PG_URL ?= postgres://postgres@127.0.0.1:5432/dondoc_bench
BENCH_SQLITE ?= var/bench/dondoc-bench.sqlite3
BENCH_SQLITE_SIZES ?= --units 300 --people 3000 --tasks 100000

bench: install var
	$(BIN)/python bench/bench_extraction.py
	$(BIN)/python bench/run.py --database $(BENCH_PG_URL)
	$(MAKE) bench-sqlite

bench-sqlite: install $(BENCH_SQLITE)
	$(BIN)/python bench/run.py --database sqlite:///$(abspath $(BENCH_SQLITE))

$(BENCH_SQLITE):
	$(BIN)/python bench/make_database.py --database sqlite:///$(abspath $@) $(BENCH_SQLITE_SIZES)

# The full-size history (2,000 units, 30,000 people, ~1,000,000 tasks; tens of minutes).
bench-data: install
	$(BIN)/python bench/make_database.py --database $(BENCH_PG_URL)

clean:
	rm -rf $(VENV) var build *.egg-info
