# Gendan: `make run` installs everything and starts the app; `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3
UV := .tools/bin/uv
PY := .venv/bin/python
MANAGE := $(PY) manage.py
export UV_PROJECT_ENVIRONMENT := .venv

.PHONY: run install test lint typecheck pytest messages bench clean help

help:
	@echo "make run    install everything and start Gendan on http://127.0.0.1:8000 (SQLite, demo data)"
	@echo "make test   install everything and run the linters, type checks and all tests"

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check "uv==0.13.9"

.venv/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --python $(PYTHON) --quiet
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

static/vendor/.copied: node_modules/.installed scripts/copy-assets.sh
	./scripts/copy-assets.sh
	@touch $@

var/.messages: $(wildcard locale/*/LC_MESSAGES/django.po) .venv/.synced
	@mkdir -p var
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v0
	@touch $@

install: .venv/.synced static/vendor/.copied
	@./scripts/system-deps.sh run
	@$(MAKE) --no-print-directory var/.messages

run: install
	$(MANAGE) secret_key
	$(MANAGE) migrate --noinput -v0
	$(MANAGE) collectstatic --noinput -v0
	$(MANAGE) seed_demo --if-empty
	$(MANAGE) search_reindex --if-incomplete -v0
	@echo "Starting Gendan on http://127.0.0.1:8000 (web, worker, scheduler); Ctrl-C stops all three."
	.venv/bin/honcho start -f Procfile

test: install
	@./scripts/system-deps.sh test
	@$(MAKE) --no-print-directory lint typecheck pytest

lint:
	.venv/bin/ruff format --check .
	.venv/bin/ruff check .
	.venv/bin/lint-imports --no-cache

typecheck:
	.venv/bin/mypy gendan

pytest:
	.venv/bin/pytest -n 2 --dist loadfile -q

messages: .venv/.synced
	$(MANAGE) makemessages -l zh_Hans --ignore=.venv --ignore=node_modules --ignore=static/vendor --ignore=.tools --ignore=var --ignore=bench --no-location --no-obsolete
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v0

bench: install
	bench/run

clean:
	rm -rf .venv .tools node_modules static/vendor var/static var/.messages
