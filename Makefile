# Sanctions Atlas. `make help` lists the targets.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
DEV_STAMP := $(VENV)/.installed-dev-$(shell cat requirements.lock requirements-dev.lock pyproject.toml | cksum | cut -d' ' -f1)
HOST   ?= 127.0.0.1
PORT   ?= 8000
PYTEST_WORKERS ?= 2
WORKERS ?= 2
# Tests run with DEBUG off, as in production; they need a key, never a real one.
TEST_ENV := SECRET_KEY=GihSyyX222DuosLKnnP-JwKFGitbcrDQR0E2Ec4mKKp3g7kxp9tRuC3AuNb2A-rs DEBUG=0

.DEFAULT_GOAL := help
.PHONY: help install install-dev run test test-postgres fuzz axe java lint format migrations-check check bench loadtest serve chromium lock clean

help: ## Show this help
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# PyICU (ICU's transliteration, for rigour's name normalisation in search) has no wheel on PyPI and
# builds against the system's ICU: libicu-dev, pkg-config and a C++ compiler, installed here with
# apt-get when they are missing and we may (root or sudo); otherwise the message says what to install.
$(STAMP): $(BIN)/python requirements.lock pyproject.toml
	@if ! pkg-config --exists icu-i18n 2>/dev/null || ! command -v c++ >/dev/null; then \
		if [ "$$(id -u)" = "0" ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo -n"; else SUDO=none; fi; \
		if [ "$$SUDO" != "none" ] && command -v apt-get >/dev/null; then \
			$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq libicu-dev pkg-config g++ >/dev/null; \
		else echo "PyICU needs ICU's headers and a C++ compiler: install libicu-dev (or libicu-devel), pkg-config and g++."; fi; \
	fi
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	rm -f $(VENV)/.installed-[0-9]*
	touch $(STAMP)

$(DEV_STAMP): $(STAMP) requirements-dev.lock
	$(BIN)/python -m pip install --quiet -r requirements-dev.lock
	rm -f $(VENV)/.installed-dev-*
	touch $(DEV_STAMP)

install: $(STAMP) ## Create .venv and install the pinned runtime dependencies (requirements.lock)

install-dev: $(DEV_STAMP) ## Also install the pinned test and development tools (requirements-dev.lock)

run: install ## Migrate, load the demo and serve it on http://127.0.0.1:8000/
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py load_demo --host $(HOST) --port $(PORT)
	@echo ""
	@echo "  Public site:  http://$(HOST):$(PORT)/"
	@echo "  Researchers:  http://$(HOST):$(PORT)/admin/  (researcher / sanctions-atlas-demo)"
	@echo "  Reviewers:    http://$(HOST):$(PORT)/review/ (reviewer / sanctions-atlas-demo)"
	@echo ""
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

# The cache every worker shares: CACHE_URL, else the local Redis if it answers, else a file cache.
REDIS_URL ?= redis://127.0.0.1:6379/0
SERVE_CACHE_URL = $(shell $(BIN)/python -c "import redis; redis.Redis.from_url('$(REDIS_URL)', socket_connect_timeout=1).ping()" 2>/dev/null && echo $(REDIS_URL) || echo file://$(CURDIR)/var/cache)

serve: install ## Serve like production: collectstatic, gunicorn (WORKERS=2) on HOST:PORT, the local Redis as cache (else a file cache); needs SECRET_KEY
	STATIC_MANIFEST=1 $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	@echo "cache: $${CACHE_URL:-$(SERVE_CACHE_URL)}"
	STATIC_MANIFEST=1 ALLOWED_HOSTS=$${ALLOWED_HOSTS:-$(HOST),localhost} \
		CACHE_URL=$${CACHE_URL:-$(SERVE_CACHE_URL)} \
		$(BIN)/gunicorn config.wsgi:application --workers $(WORKERS) --bind $(HOST):$(PORT) \
		--timeout 120 --access-logfile - --error-logfile - --no-control-socket

chromium: ## Install Debian's chromium for the browser tests (needs root; skipped if present)
	@if [ -x /usr/bin/chromium ]; then exit 0; fi; \
	if [ "$$(id -u)" = "0" ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo -n"; else SUDO=none; fi; \
	if [ "$$SUDO" = "none" ] || ! command -v apt-get >/dev/null; then \
		echo "chromium is not installed and cannot be installed here: browser tests will be skipped (CI requires them)."; exit 0; fi; \
	$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null \
		|| echo "apt-get could not install chromium: browser tests will be skipped (CI requires them)."

java: ## Install Debian's headless Java for the Nu HTML Checker (needs root; skipped if java is present)
	@if command -v java >/dev/null; then exit 0; fi; \
	if [ "$$(id -u)" = "0" ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo -n"; else SUDO=none; fi; \
	if [ "$$SUDO" = "none" ] || ! command -v apt-get >/dev/null; then \
		echo "java is not installed and cannot be installed here: the HTML checks will be skipped (CI requires them)."; exit 0; fi; \
	$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq default-jre-headless >/dev/null \
		|| echo "apt-get could not install java: the HTML checks will be skipped (CI requires them)."

axe: ## Fetch the page checkers of the tests into .cache/npm, never committed: axe-core (accessibility) and vnu-jar (the W3C Nu HTML Checker, run on Java)
	@if [ -f .cache/npm/node_modules/axe-core/axe.min.js ] && [ -f .cache/npm/node_modules/vnu-jar/build/dist/vnu.jar ]; then exit 0; fi; \
	if command -v npm >/dev/null; then npm install --no-save --no-audit --no-fund --silent --prefix .cache/npm axe-core@4 vnu-jar@26 >/dev/null \
		|| echo "npm could not fetch axe-core and vnu-jar: the accessibility and HTML checks will be skipped (CI requires them)."; \
	else echo "npm is not installed: the accessibility and HTML checks will be skipped (CI requires them)."; fi

test: install-dev chromium java axe ## Run the whole test suite (SQLite unless DATABASE_URL says otherwise)
	$(TEST_ENV) $(BIN)/python -m pytest -n $(PYTEST_WORKERS) -q

test-postgres: install-dev chromium java axe ## Run the suite on the local PostgreSQL (DATABASE_URL overrides)
	$(TEST_ENV) DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/sanctions_atlas} $(BIN)/python -m pytest -n $(PYTEST_WORKERS) -q

# The workflow's invariant (tests/public/test_invariant.py) run long: FUZZ_EXAMPLES runs of FUZZ_STEPS
# steps each, from a random seed (make test runs 10 of 25 from a fixed one).
fuzz: install-dev ## Run the workflow invariant long: 100 random sequences of up to 25 steps; prints the steps checked
	$(TEST_ENV) FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-100} FUZZ_STEPS=$${FUZZ_STEPS:-25} FUZZ_RANDOM=1 \
		$(BIN)/python -m pytest -p no:xdist -q -s tests/public/test_invariant.py

migrations-check: install ## Fail if a model change has no migration
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

lint: install-dev ## ruff (lint incl. naive datetimes, format check), djLint on the templates, the import-linter contracts
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint templates --lint
	$(BIN)/lint-imports

format: install-dev ## Apply ruff's fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: lint migrations-check test ## Every check CI runs on SQLite

lock: ## Re-resolve pyproject.toml into requirements.lock (runtime) and requirements-dev.lock (tools)
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade pip
	.lock-venv/bin/python -m pip install --quiet -e .
	{ echo "# Pinned runtime install (production: make serve, the Deploying steps). Regenerate with 'make lock'."; \
	  .lock-venv/bin/python -m pip freeze --exclude-editable | grep -v '^sanctions-atlas'; } > requirements.lock
	.lock-venv/bin/python -m pip install --quiet -e ".[dev]"
	{ echo "# Pinned test and development tools, on top of the runtime lock (make test installs both). Regenerate with 'make lock'."; \
	  echo "-r requirements.lock"; \
	  .lock-venv/bin/python -m pip freeze --exclude-editable | grep -v '^sanctions-atlas' | grep -vxFf requirements.lock; } > requirements-dev.lock
	rm -rf .lock-venv

# Benchmarks (bench/, not part of the test suite): one script per line; each prints its report,
# with every figure as a ratio against a baseline measured in the same run.
# BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/atlas_bench runs them on PostgreSQL.
.PHONY: bench-import
bench: install ## Run every benchmark: approval of 1,000 records, API requests/s, search latency, the importer
	$(BIN)/python bench/approval.py
	$(BIN)/python bench/api.py
	$(BIN)/python bench/search.py
	$(BIN)/python bench/importer.py

bench-import: install ## Benchmark the UN list importer alone: real 2023 list and 100,000 generated entries
	$(BIN)/python bench/importer.py

# Load test (issues #7, #14): LOADTEST_SECONDS (60), LOADTEST_CLIENTS (8), LOADTEST_DESIGNATIONS (100000),
# LOADTEST_RESPONSE_CACHE (on, off or both); BENCH_DATABASE_URL as for the benchmarks;
# LOADTEST_REPLICA_URL (a streaming replica of it) and LOADTEST_STAFF_CLIENTS (2) for the replica mode.
loadtest: install ## Load test: gunicorn (2 workers) on 127.0.0.1, 100,000 designations, driven 60 s from a second process
	$(BIN)/python bench/loadtest.py

clean: ## Remove the virtualenv and the local database
	rm -rf $(VENV) db.sqlite3 .pytest_cache
