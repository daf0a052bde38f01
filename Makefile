# The portal's commands. `make run` and `make test` are the two a newcomer needs.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export DJANGO_SETTINGS_MODULE := portal.settings

# Debian packages WeasyPrint and the Korean fonts need (installed when run as root).
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk fonts-nanum poppler-utils
# Debian's Chromium drives the browser tests (Playwright cannot download browsers here).
E2E_PACKAGES := chromium

.PHONY: run install system-deps e2e-deps python-deps assets migrate demo serve worker beat test lint format clean

run: install migrate demo serve

install: system-deps python-deps assets

system-deps:
	@if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	  missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	  if [ -n "$$missing" ]; then echo "시스템 패키지 설치:$$missing"; \
	    (apt-get update -qq || true) && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; fi; \
	else echo "root가 아니므로 시스템 패키지($(SYSTEM_PACKAGES))는 건너뜁니다. README를 보세요."; fi

e2e-deps:
	@if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null && ! command -v chromium >/dev/null; then \
	  (apt-get update -qq || true) && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(E2E_PACKAGES) >/dev/null; fi

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

python-deps: $(VENV)/.installed

static/vendor/.installed: package.json
	npm install --no-audit --no-fund --loglevel=error
	rm -rf static/vendor && mkdir -p static/vendor/bootstrap static/vendor/htmx static/vendor/noto-sans-kr static/vendor/axe
	cp -r node_modules/bootstrap/dist/css node_modules/bootstrap/dist/js static/vendor/bootstrap/
	cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx/
	cp -r node_modules/@fontsource/noto-sans-kr/400.css node_modules/@fontsource/noto-sans-kr/700.css node_modules/@fontsource/noto-sans-kr/files static/vendor/noto-sans-kr/
	cp node_modules/axe-core/axe.min.js static/vendor/axe/
	touch $@

assets: static/vendor/.installed

migrate: python-deps
	$(BIN)/python manage.py migrate --noinput -v0

demo: migrate
	$(BIN)/python manage.py load_demo --if-empty

serve: assets
	$(BIN)/python manage.py collectstatic --noinput -v0
	@echo "포털: http://127.0.0.1:$(PORT)/"
	$(BIN)/gunicorn portal.wsgi:application --bind 127.0.0.1:$(PORT) --workers 2 --access-logfile -

worker: python-deps
	$(BIN)/celery -A portal worker -l info

beat: python-deps
	$(BIN)/celery -A portal beat -l info

test: python-deps assets
	$(BIN)/pytest $(PYTEST_ARGS)

lint: python-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: python-deps
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) node_modules static/vendor staticfiles db.sqlite3
