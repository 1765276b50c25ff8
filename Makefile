# AASR website. `make run` to start, `make test` to check everything. `make help` lists all.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed-$(shell cksum requirements.lock | cut -d' ' -f1)

# Tests run with debug off, like production; they need a key, any key.
TEST_ENV := DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-insecure-test-only-key}

.DEFAULT_GOAL := help
.PHONY: help install run migrate demo test lint format migrations-check check clean bench

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

$(STAMP): requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP) ## Create .venv and install the pinned dependencies

migrate: install ## Apply database migrations
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --no-input

demo: migrate ## Load the demo content (safe to run again)
	DJANGO_DEBUG=1 $(BIN)/python manage.py load_demo_content

run: demo ## Set up everything and serve the site at http://127.0.0.1:$(PORT)
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

lint: install ## ruff: lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install ## Fix what ruff can fix and format the code
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: install ## Fail when a model change has no migration
	$(TEST_ENV) $(BIN)/python manage.py makemigrations --check --dry-run

test: lint ## Lint, then run the whole test suite (DATABASE_URL picks the database)
	$(TEST_ENV) $(BIN)/python manage.py makemigrations --check --dry-run
	$(TEST_ENV) $(BIN)/python -m pytest $(PYTEST_ARGS)

check: test ## Everything CI checks
	$(TEST_ENV) $(BIN)/python manage.py check

LIGHTHOUSE := bench/.lighthouse/node_modules/.bin/lighthouse

bench: install ## Run the benchmarks in bench/, print them and write bench/results.md
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	test -x /usr/bin/chromium || (apt-get update -qq && apt-get install -y -qq chromium)
	test -x $(LIGHTHOUSE) || npm install --prefix bench/.lighthouse --no-audit --no-fund --silent lighthouse@12.2.3
	$(BIN)/python bench/run.py

clean: ## Remove the virtual environment and caches
	rm -rf $(VENV) .pytest_cache .ruff_cache
