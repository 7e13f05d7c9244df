# Allied — `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help
UV := $(shell command -v uv 2>/dev/null || echo "$(HOME)/.local/bin/uv")
PY := .venv/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help
help: ## List the targets.
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

.PHONY: uv
uv:
	@command -v uv >/dev/null 2>&1 || test -x "$(HOME)/.local/bin/uv" || python3 -m pip install --quiet --user uv || python3 -m pip install --quiet uv

.PHONY: install
install: uv ## Install Python and front-end packages from the lock files, and build the assets.
	$(UV) sync --frozen
	npm ci --no-audit --no-fund --loglevel=error
	$(MAKE) --no-print-directory assets

.PHONY: assets
assets: ## Copy NHS.UK frontend and htmx from node_modules into static/vendor.
	rm -rf static/vendor && mkdir -p static/vendor/nhsuk static/vendor/htmx
	cp node_modules/nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.css node_modules/nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.js static/vendor/nhsuk/
	# The source maps they name: collectstatic's manifest storage follows every reference.
	cp node_modules/nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.css.map node_modules/nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.js.map static/vendor/nhsuk/
	cp -r node_modules/nhsuk-frontend/dist/nhsuk/assets static/vendor/nhsuk/assets
	cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx/
	# The stylesheet looks for its icons at /assets/; they are served beside it instead.
	sed -i 's#url(/assets/#url(assets/#g' static/vendor/nhsuk/nhsuk-frontend.min.css

.PHONY: chromium
chromium: ## Install Debian's Chromium for the browser tests, when it is missing.
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

.PHONY: run
run: install ## Install everything, load the demo data and run the web server and the task worker.
	DJANGO_DEBUG=1 $(PY) manage.py migrate --no-input
	DJANGO_DEBUG=1 $(PY) manage.py createcachetable
	DJANGO_DEBUG=1 $(PY) manage.py seed_demo
	@echo ""; echo "Allied is starting at http://$(HOST):$(PORT)/ — press Ctrl+C to stop."; echo ""
	@trap 'kill 0' EXIT INT TERM; \
	  DJANGO_DEBUG=1 $(PY) manage.py db_worker & \
	  DJANGO_DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

.PHONY: test
test: install chromium ## Install everything and run the whole test suite (unit, API, browser).
	$(PY) -m pytest -p no:cacheprovider --create-db -n 2 $(PYTEST_ARGS)

.PHONY: lint
lint: ## ruff, formatting, mypy, import layers (import-linter), template lint and migrations check.
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy allied config
	.venv/bin/lint-imports
	$(PY) -m djlint templates allied --lint
	$(PY) manage.py makemigrations --check --dry-run

.PHONY: format
format: ## Format Python and templates.
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

.PHONY: bench
bench: ## Run the benchmarks under bench/ and print figures against their baselines.
	@for f in bench/*.py; do echo "== $$f"; $(PY) $$f || exit 1; done
