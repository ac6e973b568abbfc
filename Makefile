# 售前工作台 — the words people use: run, test, lint, format, messages, bench.
PYTHON_BASE := $(shell bin/find-python 2>/dev/null)
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
TEST_ARGS ?=
VENDOR := presales/static/vendor

.PHONY: run setup install assets migrate demo test test-fast browser-deps lint format messages bench bench-search bench-answers check-deploy clean

run: setup demo
	@$(MANAGE) demo_logins
	$(MANAGE) runserver $(HOST):$(PORT)

setup: install assets migrate

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON_BASE)" || { bin/find-python; exit 1; }
	@test -x $(PY) || $(PYTHON_BASE) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

install: $(VENV)/.installed

# Bootstrap, its icons, SortableJS (board drag and drop) and tom-select (people pickers) come from npm at install time and are served by the app (whitenoise);
# htmx comes with django-htmx. Nothing is loaded from a CDN.
$(VENDOR)/.copied: package.json package-lock.json
	npm ci --silent --no-audit --no-fund
	mkdir -p $(VENDOR)/bootstrap $(VENDOR)/bootstrap-icons
	cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/css/bootstrap.min.css.map $(VENDOR)/bootstrap/
	cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map $(VENDOR)/bootstrap/
	cp -r node_modules/bootstrap-icons/font/bootstrap-icons.min.css node_modules/bootstrap-icons/font/fonts $(VENDOR)/bootstrap-icons/
	mkdir -p $(VENDOR)/sortablejs
	cp node_modules/sortablejs/Sortable.min.js $(VENDOR)/sortablejs/
	mkdir -p $(VENDOR)/tom-select
	cp node_modules/tom-select/dist/js/tom-select.complete.min.js node_modules/tom-select/dist/js/tom-select.complete.min.js.map $(VENDOR)/tom-select/
	cp node_modules/tom-select/dist/css/tom-select.bootstrap5.min.css node_modules/tom-select/dist/css/tom-select.bootstrap5.min.css.map $(VENDOR)/tom-select/
	@touch $@

assets: $(VENDOR)/.copied

migrate: install
	@mkdir -p var
	$(MANAGE) migrate --noinput

demo: migrate
	$(MANAGE) load_demo

browser-deps:
	@bin/ensure-browser

test: install assets browser-deps
	$(PY) -m pytest $(TEST_ARGS)

test-fast: install assets
	$(PY) -m pytest -m "not browser" $(TEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

messages: install
	cd presales && ../$(PY) ../manage.py makemessages -l zh_Hans --no-obsolete -i "static/*"
	cd presales && ../$(PY) ../manage.py compilemessages -l zh_Hans

# The benchmark of bench/README.md: PROFILE=small|large|xlarge, DB=sqlite|postgres|both (PostgreSQL:
# the database `bench` on 127.0.0.1:5432, dropped and made anew). Not run by CI.
PROFILE ?= large
DB ?= sqlite
bench: install assets
	@$(PY) -c "import locust" 2>/dev/null || $(PY) -m pip install --quiet -e '.[bench]'
	$(PY) bench/run.py --profile $(PROFILE) --db $(DB)

# The search benchmark (bench/README.md "Search"): 100,000 passages, DB=sqlite|postgres|both
# (PostgreSQL: the database `bench_search` on 127.0.0.1:5432, created and dropped). Not run by CI.
PASSAGES ?= 100000
bench-search: install
	$(PY) bench/search.py --db $(DB) --passages $(PASSAGES)

# The answer-matching benchmark (docs/answers.md): 300 clauses against 100,000 library entries,
# DB=sqlite|postgres|both (PostgreSQL: the database `bench_answers` on 127.0.0.1:5432). Not run by CI.
ENTRIES ?= 100000
bench-answers: install
	$(PY) bench/answers_match.py --db $(DB) --entries $(ENTRIES)

check-deploy: install
	DJANGO_DEBUG=false DJANGO_SECRET_KEY=$$(head -c 48 /dev/urandom | base64) DJANGO_ALLOWED_HOSTS=presales.example.com \
	  $(MANAGE) check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) node_modules $(VENDOR) var/*.sqlite3
