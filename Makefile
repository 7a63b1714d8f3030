# The front door: CI calls these same targets (see .ci/run).
# Picks the first Python >= 3.12 on PATH (pyenv's .python-version gives 3.13).
PYTHON ?= $(shell for p in python3.13 python3.12 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	&& echo $$p && break; done)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1:8000
# Each app keeps its own catalogue in <app>/locale; project templates use locale/.
APPS := agencies agreements workspace public portal security api

.PHONY: run test lint format install install-dev messages clean audit bench pdf-libs pdf-libs-if-root

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is needed (python3.13 or python3.12 on PATH)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# WeasyPrint's system libraries (its docs' list for Debian: Pango, PangoFT2, the HarfBuzz subsetter) and a font
# with Indonesian and English glyphs; the monev PDF (workspace/monev_pdf.py) needs them. Needs root (apt-get).
PDF_LIBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core

pdf-libs:  ## Install the system libraries WeasyPrint draws PDFs with
	dpkg -s $(PDF_LIBS) >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq $(PDF_LIBS); }

# `make run` without root still starts: only the monev PDF download needs the libraries.
pdf-libs-if-root:
	@dpkg -s $(PDF_LIBS) >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && $(MAKE) pdf-libs; } \
	|| echo "Note: the monev PDF needs: sudo apt-get install $(PDF_LIBS)"

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.runtime

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

run: install pdf-libs-if-root  ## Migrate, load the Bantul demo and serve on http://$(HOST)
	$(MANAGE) migrate --no-input
	$(MANAGE) load_demo
	$(MANAGE) demo_two_factor
	$(MANAGE) demo_two_factor kpu-admin
	$(MANAGE) demo_two_factor kpu-contoh
	@echo "Admin (staff): http://$(HOST)/admin/  log in as kpu"
	$(MANAGE) runserver $(HOST)

test: install-dev pdf-libs  ## The whole suite, on DATABASE_URL (default: SQLite)
	$(MANAGE) collectstatic --no-input -v0
	$(BIN)/pytest -W error -n 2 $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MANAGE) check --fail-level WARNING
	$(MANAGE) makemigrations --check --dry-run
	$(BIN)/lint-imports --no-cache

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: install-dev  ## Refresh and compile every translation catalogue (needs gettext)
	for app in $(APPS); do (cd $$app && ../$(BIN)/python ../manage.py makemessages -l id --no-obsolete); done
	$(MANAGE) makemessages -l id --no-obsolete $(foreach app,$(APPS),--ignore $(app)) --ignore .venv --ignore var --ignore tests
	$(MANAGE) compilemessages --ignore .venv --ignore var

# Known vulnerabilities in the pinned dependencies; needs internet access (not run by CI).
audit: install-dev
	$(BIN)/pip install --quiet -r requirements-audit.txt
	$(BIN)/pip-audit --strict -r requirements.txt -r requirements-dev.txt

bench: install-dev  ## Production gunicorn + Redis on PostgreSQL scale data: cold, warm and mixed workload with wrk, against a minimal Django app (README, Performance)
	command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
	$(BIN)/python -m benchmarks.run

clean:
	rm -rf $(VENV) var
