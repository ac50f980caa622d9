# govconf: `make run` for the demo, `make test` for the whole suite. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
# pytest workers (pytest-xdist), one database each; TEST_WORKERS=0 runs the suite in one process.
TEST_WORKERS ?= 2
# Links in the demo's emails and messages point at the server `make run` starts.
export SITE_URL ?= http://$(HOST):$(PORT)

.PHONY: run install install-test assets test-node translations migrate demo test lint bench messages clean

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(VENV)/bin/activate
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements.txt requirements-production.txt requirements-test.txt | $(VENV)/bin/activate
	$(PIP) install --quiet -r requirements-test.txt
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# Third-party front-end assets (fonts, QR decoder) come from npm, never from a CDN.
static/vendor/.built: frontend/package.json frontend/package-lock.json frontend/build.mjs
	cd frontend && npm ci --no-audit --no-fund --loglevel=error && node build.mjs
	touch $@

assets: static/vendor/.built

# Independent decoders the tests check our VietQR payloads against (test-only npm packages).
tests/payments/node/node_modules/.installed: tests/payments/node/package.json tests/payments/node/package-lock.json
	cd tests/payments/node && npm ci --no-audit --no-fund --loglevel=error
	touch $@

test-node: tests/payments/node/node_modules/.installed

translations: install
	$(PY) manage.py compile_translations

migrate: install assets translations
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

run: demo
	@echo "Serving http://$(HOST):$(PORT)/ (Vietnamese) and http://$(HOST):$(PORT)/en/ (English)"
	$(PY) manage.py runserver $(HOST):$(PORT)

lint: install-test
	$(VENV)/bin/ruff check .

test: install-test assets translations test-node
	$(VENV)/bin/ruff check .
	DJANGO_SETTINGS_MODULE=conference.settings.test $(PY) manage.py makemigrations --check --dry-run
	node --test tests/checkin/node/
	$(VENV)/bin/pytest -n $(TEST_WORKERS)

bench: install-test assets translations
	$(PY) bench/run.py

messages: install
	$(PY) manage.py makemessages -l vi --no-location --no-obsolete \
		--ignore=.venv --ignore=frontend --ignore=static/vendor --ignore=var \
		--ignore=cms/wagtail_vi
	$(PY) manage.py compile_translations

clean:
	rm -rf $(VENV) static/vendor staticfiles var db.sqlite3 frontend/node_modules
