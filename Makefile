# Amana: `make run` sets up and serves the demo; `make test` runs the tests.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# Every transitive dependency, pinned with its hashes; the sources are in pyproject.toml.
LOCK_BASE := requirements/base.txt
LOCK_DEV := requirements/dev.txt
# Extra options for `make lock`, e.g. LOCK_ARGS=--upgrade or LOCK_ARGS="--upgrade-package celery".
LOCK_ARGS ?=

.PHONY: run test lint format lock messages check-migrations audit bench clean

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Amana needs Python 3.11 ($(PYTHON) not found; set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

# Runtime dependencies only, exactly as locked; reinstalled when the lock changes.
# --require-hashes: nothing is installed that is not in the lock with its hash.
$(VENV)/.run-deps: $(LOCK_BASE) | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r $(LOCK_BASE)
	touch $@

# Runtime and development dependencies (tests, lint); the dev lock holds the runtime
# lock's versions, so this also satisfies .run-deps.
$(VENV)/.dev-deps: $(LOCK_DEV) | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r $(LOCK_DEV)
	touch $@ $(VENV)/.run-deps

# Rewrites both locks from pyproject.toml. Versions already locked are kept unless
# pyproject.toml asks for others (or LOCK_ARGS=--upgrade). The dev lock is constrained by
# the runtime lock, so tests run exactly the versions that are deployed.
lock: $(VENV)/.dev-deps
	$(BIN)/uv pip compile pyproject.toml --quiet --universal --python-version 3.11 \
		--generate-hashes --custom-compile-command "make lock" $(LOCK_ARGS) -o $(LOCK_BASE)
	$(BIN)/uv pip compile pyproject.toml --quiet --universal --python-version 3.11 \
		--generate-hashes --custom-compile-command "make lock" $(LOCK_ARGS) --extra dev \
		--constraint $(LOCK_BASE) -o $(LOCK_DEV)

# Message catalogues are compiled at build, never committed.
messages: $(VENV)/.run-deps
	$(BIN)/pybabel -q compile --domain django --directory locale

var:
	mkdir -p var/broker var/broker-control var/mail

run: $(VENV)/.run-deps messages | var
	DJANGO_SETTINGS_MODULE=$${DJANGO_SETTINGS_MODULE:-config.settings.local} $(MANAGE) migrate --noinput
	DJANGO_SETTINGS_MODULE=$${DJANGO_SETTINGS_MODULE:-config.settings.local} $(MANAGE) seed_demo
	DJANGO_SETTINGS_MODULE=$${DJANGO_SETTINGS_MODULE:-config.settings.local} $(MANAGE) rebuild_stats
	@echo "Serving http://$(HOST):$(PORT)/ with a Celery worker and beat. Ctrl-C stops all."
	@export DJANGO_SETTINGS_MODULE=$${DJANGO_SETTINGS_MODULE:-config.settings.local}; \
	trap 'kill 0' INT TERM EXIT; \
	$(BIN)/celery -A config worker --beat --concurrency 2 --loglevel INFO \
		--schedule var/celerybeat-schedule & \
	$(MANAGE) runserver --noreload $(HOST):$(PORT)

test: $(VENV)/.dev-deps messages
	$(BIN)/pytest $(PYTEST_ARGS)

# What CI and pre-commit run: lint, format, import contracts, types.
lint: $(VENV)/.dev-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

format: $(VENV)/.dev-deps
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check-migrations: $(VENV)/.dev-deps
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run

# Known vulnerabilities in what is deployed (the runtime lock, exactly as pinned) from the
# PyPI advisory service. It needs that service, which CI here cannot reach, so it is run by
# hand before each release and deployment; --strict fails if any package could not be checked.
audit: $(VENV)/.dev-deps
	$(BIN)/pip-audit --strict --disable-pip --require-hashes --progress-spinner off -r $(LOCK_BASE)

clean:
	rm -rf $(VENV) var staticfiles locale/*/LC_MESSAGES/*.mo
