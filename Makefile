# Amana: `make run` sets up and serves the demo; `make test` runs the tests.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format messages check-migrations bench clean

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Amana needs Python 3.11 ($(PYTHON) not found; set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Runtime dependencies only; reinstalled when pyproject.toml changes.
$(VENV)/.run-deps: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet .
	touch $@

# Runtime and development dependencies (tests, lint).
$(VENV)/.dev-deps: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet ".[dev]"
	touch $@ $(VENV)/.run-deps

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

lint: $(VENV)/.dev-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev-deps
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check-migrations: $(VENV)/.dev-deps
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var staticfiles locale/*/LC_MESSAGES/*.mo
