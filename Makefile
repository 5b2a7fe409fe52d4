# The two commands of the README: `make run` and `make test`. Both install
# what they need first (Python packages, front-end packages, system libraries).

VENV    ?= .venv
PY      := $(VENV)/bin/python
FLASK   := $(VENV)/bin/flask --app app
PORT    ?= 5000
# System packages: WeasyPrint's Pango, HarfBuzz subsetting (fast font
# subsetting), fonts for every script on badges, and the tools tests use to
# read PDFs and QR codes, and to drive a browser.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-core fonts-noto-cjk
TEST_SYSTEM_PACKAGES := poppler-utils zbar-tools libzbar0 chromium chromium-driver

.PHONY: run test install vendor system-deps test-system-deps worker lint format clean translations translations-compile

run: install system-deps
	$(FLASK) db upgrade
	$(FLASK) assembly seed-demo --if-empty
	@echo "Serving http://127.0.0.1:$(PORT) (worker in the background; Ctrl-C stops both)"
	@trap 'kill 0' EXIT INT TERM; \
	  $(VENV)/bin/huey_consumer assembly.worker.huey -k thread -w 2 & \
	  $(VENV)/bin/gunicorn --workers 3 --bind 127.0.0.1:$(PORT) app:app

worker: install
	$(VENV)/bin/huey_consumer assembly.worker.huey -k thread -w 2

test: install system-deps test-system-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/pytest

install: $(VENV)/.installed vendor translations-compile

# Translations (French, Spanish, Arabic): the .po catalogs are source; the .mo
# files are compiled at install time and never committed.
TRANSLATIONS := assembly/translations
translations-compile: $(VENV)/.installed
	@$(VENV)/bin/pybabel compile -f -d $(TRANSLATIONS) >/dev/null

translations: $(VENV)/.installed
	$(VENV)/bin/pybabel extract -F $(TRANSLATIONS)/babel.cfg -k _l -o $(TRANSLATIONS)/messages.pot .
	$(VENV)/bin/pybabel update -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS)

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

# Front-end packages come from npm (pinned by package-lock.json) and are
# copied into static/vendor/, which git ignores: nothing is loaded from a CDN.
vendor: static/vendor/.installed

static/vendor/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf static/vendor
	mkdir -p static/vendor/bootstrap static/vendor/htmx static/vendor/chartjs static/vendor/flag-icons static/vendor/jsqr
	cp -r node_modules/bootstrap/dist/css node_modules/bootstrap/dist/js static/vendor/bootstrap/
	cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx/
	cp node_modules/chart.js/dist/chart.umd.min.js static/vendor/chartjs/
	cp -r node_modules/flag-icons/flags node_modules/flag-icons/css static/vendor/flag-icons/
	cp node_modules/jsqr/dist/jsQR.js static/vendor/jsqr/
	touch $@

system-deps:
	@$(MAKE) --no-print-directory _apt PACKAGES="$(SYSTEM_PACKAGES)"

test-system-deps:
	@$(MAKE) --no-print-directory _apt PACKAGES="$(TEST_SYSTEM_PACKAGES)"

# Install missing Debian packages with apt-get when we can (root); otherwise
# print the exact command to run.
_apt:
	@missing=""; for p in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "Missing system packages. Run:  sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) node_modules static/vendor instance/*.db instance/outbox
