# persev — everything runs from the project's own .venv.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
TEST_SETTINGS := persev_site.settings.test
HOST ?= 127.0.0.1
PORT ?= 8000
# Absolute links (e-mail, admin notifications) follow the address served.
export WAGTAILADMIN_BASE_URL ?= http://$(HOST):$(PORT)

.PHONY: help install run demo serve test test-plugin test-plugin-install check lint format messages messages-update clean dist guide-screenshots
.DEFAULT_GOAL := help

help: ## List targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN{FS=":.*## "}{printf "%-10s %s\n",$$1,$$2}'

# The campaign plugin first (its own package, campaign/pyproject.toml), from
# this repository as any site would install it; then the site, which
# depends on it.
$(VENV)/.installed: pyproject.toml campaign/pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ./campaign
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $@

install: $(VENV)/.installed ## Build .venv with every dependency

dist: install messages ## Build the campaign plugin's wheel and sdist into dist/ (with the compiled French catalogue)
	$(PY) -m build --outdir dist campaign

demo: install ## Migrate the local database and load the demo week (safe to re-run)
	$(MANAGE) migrate --noinput
	$(MANAGE) load_site_demo

run: demo ## Set up everything and serve http://127.0.0.1:8000/ with the scheduler
	@echo "Site : http://$(HOST):$(PORT)/  —  Ctrl+C pour arrêter."
	@$(MANAGE) run_scheduler & scheduler=$$!; \
	  trap 'kill $$scheduler 2>/dev/null' EXIT INT TERM; \
	  $(MANAGE) runserver $(HOST):$(PORT)

test: install ## Run the whole suite (TEST_ARGS=tests.campaign to narrow)
	$(MANAGE) test $${TEST_ARGS:-tests} --settings=$(TEST_SETTINGS) --parallel 2 --noinput

# The plugin's own suite against a minimal host: a `wagtail start` project
# with the host contract only, no home, no persev_site. Test classes tagged
# "persev_site" need the site (its editorial roles, its demo, its error
# pages): `make test` runs them.
PLUGIN_SETTINGS := tests.campaign.host.settings
test-plugin: install ## Run the plugin's tests (tests.campaign) on a minimal host
	$(PY) -m django test $${TEST_ARGS:-tests.campaign} --settings=$(PLUGIN_SETTINGS) --exclude-tag persev_site --parallel 2 --noinput

# Slow (a virtualenv and a pip install per Django line): CI runs it
# (.ci/run), `make test` does not.
test-plugin-install: install messages ## Install the plugin's wheel into a fresh `wagtail start` site (Django 5.2, 6.0) and check it there
	$(PY) -m tests.plugin_install.run

check: install ## Django checks and no missing migrations
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run --noinput

lint: install ## Check only (what CI runs): format, lint, the plugin's layers
	$(VENV)/bin/ruff format --check . && $(VENV)/bin/ruff check . && $(VENV)/bin/lint-imports

format: install ## Rewrite code
	$(VENV)/bin/ruff check --fix . && $(VENV)/bin/ruff format .

CAMPAIGN_FR := campaign/locale/fr/LC_MESSAGES
messages: ## Compile the French catalogues: the plugin's, and the site's wording of Wagtail strings (needs GNU gettext)
	msgfmt --check -o persev_site/locale/fr/LC_MESSAGES/django.mo persev_site/locale/fr/LC_MESSAGES/django.po
	msgfmt --check -o $(CAMPAIGN_FR)/django.mo $(CAMPAIGN_FR)/django.po

# After adding or changing a string of the plugin: refresh its catalogue from
# the sources (new msgids come in empty, to translate; gone ones leave), then
# translate what is empty and `make messages`. Entries that only take up a
# string of Wagtail's stay empty: Wagtail's French translates them.
messages-update: install ## Refresh the plugin's French catalogue from its sources (then translate the new entries)
	cd campaign && ../$(VENV)/bin/django-admin makemessages -l fr --no-obsolete --no-location -e html,txt,py
	msgattrib --clear-fuzzy --empty -o $(CAMPAIGN_FR)/django.po $(CAMPAIGN_FR)/django.po
	@msgattrib --untranslated --no-obsolete $(CAMPAIGN_FR)/django.po | grep -c '^msgid ' | xargs -I{} echo "{} entrée(s) sans traduction (dont l’en-tête et les chaînes de Wagtail)"

# The guide's screenshots (home/static/home/guide/), taken in Chromium on a
# throwaway demo database served on GUIDE_PORT: tests/browser/guide_screenshots.py.
GUIDE_PORT ?= 8765
guide-screenshots: install ## Retake the guide's screenshots (Chromium, throwaway demo database)
	@tmp=$$(mktemp -d); \
	  export DATABASE_URL=sqlite:///$$tmp/guide.sqlite3 DJANGO_MEDIA_ROOT=$$tmp/media \
	    WAGTAILADMIN_BASE_URL=http://127.0.0.1:$(GUIDE_PORT); \
	  trap 'kill $$server 2>/dev/null; rm -rf $$tmp' EXIT; \
	  $(MANAGE) migrate --noinput -v 0 && $(MANAGE) load_site_demo > /dev/null && \
	  { $(MANAGE) runserver --noreload 127.0.0.1:$(GUIDE_PORT) > $$tmp/server.log 2>&1 & server=$$!; \
	    sleep 4; $(PY) tests/browser/guide_screenshots.py http://127.0.0.1:$(GUIDE_PORT); }

clean: ## Remove the local database and media (not .venv)
	rm -rf db.sqlite3 media static_collected

# Lighthouse from npm, outside the repository. 12.8 is the last line that runs
# on Node 18 and 20; 13 needs Node 22.
LIGHTHOUSE_VERSION ?= 12.8.2
LIGHTHOUSE_DIR ?= $(HOME)/.cache/persev-lighthouse
LIGHTHOUSE := $(LIGHTHOUSE_DIR)/node_modules/.bin/lighthouse
export CHROME_PATH ?= /usr/bin/chromium

.PHONY: lighthouse
$(LIGHTHOUSE_DIR)/.installed-$(LIGHTHOUSE_VERSION):
	@mkdir -p $(LIGHTHOUSE_DIR)
	npm install --prefix $(LIGHTHOUSE_DIR) --no-audit --no-fund --loglevel=error lighthouse@$(LIGHTHOUSE_VERSION)
	@touch $@

.PHONY: lighthouse-install
lighthouse-install: $(LIGHTHOUSE_DIR)/.installed-$(LIGHTHOUSE_VERSION) ## Install Lighthouse (npm, outside the repository) for make lighthouse and the suite

lighthouse: install lighthouse-install ## Lighthouse (mobile) on the demo, served as in production: prints the scores
	$(PY) tests/browser/lighthouse.py --lighthouse $(LIGHTHOUSE)

# openapi-typescript and TypeScript from npm, outside the repository, for
# tests/campaign/test_openapi.py (types generated from the API's OpenAPI
# document must compile under tsc --strict); it skips without them.
# openapi-typescript 7 wants TypeScript 5.
OPENAPI_TYPESCRIPT_VERSION ?= 7.13.0
TYPESCRIPT_VERSION ?= 5.9.3
TS_DIR ?= $(HOME)/.cache/persev-ts
export PERSEV_TS_DIR ?= $(TS_DIR)

$(TS_DIR)/.installed-$(OPENAPI_TYPESCRIPT_VERSION)-$(TYPESCRIPT_VERSION):
	@mkdir -p $(TS_DIR)
	npm install --prefix $(TS_DIR) --no-audit --no-fund --loglevel=error openapi-typescript@$(OPENAPI_TYPESCRIPT_VERSION) typescript@$(TYPESCRIPT_VERSION)
	@touch $@

.PHONY: ts-install
ts-install: $(TS_DIR)/.installed-$(OPENAPI_TYPESCRIPT_VERSION)-$(TYPESCRIPT_VERSION) ## Install openapi-typescript and tsc (npm, outside the repository) for the suite

# Throughput and memory of the public pages, served as in production (gunicorn,
# 2 workers, PostgreSQL, Redis), against a static file of the same run, and
# through Varnish (deploy/varnish/persev.vcl, Debian's package):
# tests/bench/run.py. wrk is Debian's package. BENCH_DURATION, BENCH_ROUNDS…
# (see the script) shorten or lengthen it.
.PHONY: bench
bench: install ## Benchmark (wrk): pages vs a static file, cached and not, load during a publication
	@command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null)
	@command -v varnishd >/dev/null || test -x /usr/sbin/varnishd || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq varnish >/dev/null)
	$(PY) -m tests.bench.run
