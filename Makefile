# Two commands: `make run` sets up and serves the demo; `make test` sets up and runs the tests.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# The Sites store the port they are served on (cms/settings/dev.py reads PORT).
export PORT

.PHONY: run test install install-dev migrate demo serve worker lint browser-deps system-deps clean

$(PY):
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

install: $(PY) system-deps
	$(PY) -m pip install --quiet -e .

install-dev: $(PY) system-deps
	$(PY) -m pip install --quiet -e ".[dev]"

# WeasyPrint (the yearly report as PDF) needs Pango; pdftoppm (poppler-utils)
# turns report pages into images for review; hunspell-sv is the Swedish word
# list the search splits compounds with. From Debian, only when missing.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core poppler-utils hunspell-sv
system-deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else echo "Saknas:$$missing – kör 'sudo apt-get install$$missing' (årsrapportens PDF, sökningens ordlista)."; fi; \
	fi

migrate:
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable
	$(PY) manage.py setup_municipalities

demo:
	$(PY) manage.py load_demo

# The site at http://localhost:$(PORT) (Ekerö) and http://jonkoping.localhost:$(PORT)
# (Jönköping), with the background worker (email, indexing) and the clock
# (scheduled jobs, cms/schedule.py) beside it. The worker is restarted
# whenever it exits (as the platform's process manager does for the
# Procfile's `worker`), after a second's pause.
run: install migrate demo
	@trap 'kill 0' INT TERM EXIT; \
	while true; do $(PY) manage.py db_worker --queue-name '*'; \
	  echo "Bakgrundsarbetaren avslutades ($$?); startar om om 1 s" >&2; sleep 1; done & \
	$(PY) manage.py clock & \
	$(PY) manage.py runserver 0.0.0.0:$(PORT)

# Chromium comes from Debian and axe-core from npm; installed only when missing.
browser-deps: node_modules/axe-core/axe.min.js
node_modules/axe-core/axe.min.js: package.json package-lock.json
	@if ! command -v npm >/dev/null 2>&1 && [ "$$(id -u)" = "0" ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm; fi
	npm ci --no-audit --no-fund --silent
	@touch $@
browser-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else echo "Chromium saknas: kör 'sudo apt-get install chromium' för webbläsartesterna."; fi; \
	fi

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: install-dev browser-deps lint
	$(PY) manage.py makemigrations --check --dry-run --settings=cms.settings.test
	$(PY) -m pytest

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles

# Swedish is the source language; English catalogues (complete) and Arabic ones
# (public pages and citizens' emails; strings they lack show in English) live in
# each app's locale/<language>/.
MESSAGE_LANGUAGES := en ar
messages: install-dev
	for app in cms idelabbet forum search; do \
	  (cd $$app && ../$(PY) ../manage.py makemessages $(MESSAGE_LANGUAGES:%=-l %) --ignore 'migrations/*' \
	    && ../$(PY) ../manage.py compilemessages $(MESSAGE_LANGUAGES:%=-l %)); \
	done
