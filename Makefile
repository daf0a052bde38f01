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
# wrk loads the public booking pages in `make bench`.
BENCH_PACKAGES := wrk

# Reproducible installs: requirements/dev.txt (laptop, with the test tools) or
# requirements/base.txt (PROD=1: runtime only, as in the image), both pinned
# with hashes by `make lock`; npm installs exactly package-lock.json (npm ci).
# Closed network: `make wheelhouse` on a connected machine of the same kind
# (Linux x86_64, Python 3.11), carry the folder over, `make install OFFLINE=1`.
REQUIREMENTS := $(if $(filter 1,$(PROD)),requirements/base.txt,requirements/dev.txt)
WHEELHOUSE ?= wheelhouse
WHEELHOUSE_REQS ?= requirements/dev.txt
NPM_CACHE = $(abspath $(WHEELHOUSE))/npm-cache
PIP_SOURCE := $(if $(OFFLINE),--no-index --find-links $(WHEELHOUSE))
NPM_SOURCE = $(if $(OFFLINE),--offline --cache $(NPM_CACHE))
step = @echo "==> [$$(date +%H:%M:%S)] $(1)"

.PHONY: run install system-deps e2e-deps bench-deps python-deps assets migrate demo serve worker beat test bench lint format clean lock wheelhouse

run: install migrate demo serve

install: system-deps python-deps assets

system-deps:
	$(call step,시스템 패키지 확인)
	@if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	  missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	  if [ -n "$$missing" ]; then echo "시스템 패키지 설치:$$missing"; \
	    (apt-get update -qq || true) && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; fi; \
	else echo "root가 아니므로 시스템 패키지($(SYSTEM_PACKAGES))는 건너뜁니다. README를 보세요."; fi

e2e-deps:
	@if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null && ! command -v chromium >/dev/null; then \
	  (apt-get update -qq || true) && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(E2E_PACKAGES) >/dev/null; fi

$(BIN)/python:
	$(call step,가상 환경 만들기 ($(VENV)))
	$(PYTHON) -m venv $(VENV)

# The stamp names the lock file, so switching PROD=1 on and off reinstalls.
# --no-compile: Python writes the bytecode of what it imports on first use,
# instead of pip compiling thousands of files of test tools up front.
$(VENV)/.installed-$(notdir $(REQUIREMENTS)): $(REQUIREMENTS) | $(BIN)/python
	$(call step,파이썬 패키지 설치 ($(REQUIREMENTS)$(if $(OFFLINE), 오프라인: $(WHEELHOUSE)/)))
	$(BIN)/pip install -q --disable-pip-version-check --no-compile --require-hashes $(PIP_SOURCE) -r $(REQUIREMENTS)
	touch $@

python-deps: $(VENV)/.installed-$(notdir $(REQUIREMENTS))

# Only the two font weights the pages use (tools/build_fonts.py); FONT_SUBSET=1
# subsets them to KS X 1001 Hangul + Latin (about 50 s of CPU).
static/vendor/.installed: package.json package-lock.json tools/build_fonts.py
	$(call step,화면 자산 설치 (npm ci$(if $(OFFLINE), --offline)))
	npm ci --no-audit --no-fund --loglevel=error $(NPM_SOURCE)
	rm -rf static/vendor && mkdir -p static/vendor/bootstrap static/vendor/htmx static/vendor/axe
	cp -r node_modules/bootstrap/dist/css node_modules/bootstrap/dist/js static/vendor/bootstrap/
	cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx/
	$(if $(FONT_SUBSET),$(BIN)/python,$(PYTHON)) tools/build_fonts.py $(if $(FONT_SUBSET),--subset) node_modules/@fontsource/noto-sans-kr static/vendor/noto-sans-kr
	cp node_modules/axe-core/axe.min.js static/vendor/axe/
	touch $@

assets: static/vendor/.installed

# Re-pin requirements/*.txt within pyproject.toml's bounds (needs the network).
lock: | $(BIN)/python
	$(BIN)/pip install -q pip-tools
	$(BIN)/pip-compile -q --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links -o requirements/base.txt pyproject.toml
	$(BIN)/pip-compile -q --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links --extra dev -c requirements/base.txt -o requirements/dev.txt pyproject.toml

# Every wheel and npm tarball the locks name, in one folder for a closed network.
wheelhouse: | $(BIN)/python
	$(call step,휠하우스 만들기: $(WHEELHOUSE)/ ($(WHEELHOUSE_REQS)))
	mkdir -p $(WHEELHOUSE)
	$(BIN)/pip download -q --disable-pip-version-check --require-hashes --only-binary=:all: $(foreach r,$(WHEELHOUSE_REQS),-r $(r)) -d $(WHEELHOUSE)
	npm ci --no-audit --no-fund --loglevel=error --cache $(NPM_CACHE)
	@echo "휠 $$(ls $(WHEELHOUSE)/*.whl | wc -l)개, npm 캐시 $$(du -sh $(NPM_CACHE) | cut -f1). 설치: make install OFFLINE=1 WHEELHOUSE=$(WHEELHOUSE)"

migrate: python-deps
	$(call step,데이터베이스 마이그레이션)
	$(BIN)/python manage.py migrate --noinput -v1

demo: migrate
	$(call step,시연 데이터 (빈 데이터베이스에만))
	$(BIN)/python manage.py load_demo --if-empty

serve: assets
	$(call step,정적 파일 모으기)
	$(BIN)/python manage.py collectstatic --noinput -v0
	$(call step,포털 시작: http://127.0.0.1:$(PORT)/)
	$(BIN)/gunicorn -c portal/gunicorn.conf.py portal.wsgi:application --bind 127.0.0.1:$(PORT)

worker: python-deps
	$(BIN)/celery -A portal worker -l info

beat: python-deps
	$(BIN)/celery -A portal beat -l info

# In parallel (pytest-xdist): one worker per core, TEST_WORKERS=0 for one
# process. loadgroup hands tests out in their sorted order (tests/conftest.py),
# so each worker builds the demo snapshot once.
TEST_WORKERS ?= auto
test: python-deps assets
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup --durations=20 $(PYTEST_ARGS)

# Every benchmark on a PostgreSQL database of its own (created and dropped),
# then one table against issue 17's goals; BENCH_SIZES=10000,100000,1000000.
bench: python-deps bench-deps
	$(BIN)/python bench/run.py

bench-deps:
	@if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null && ! command -v wrk >/dev/null; then \
	  (apt-get update -qq || true) && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(BENCH_PACKAGES) >/dev/null; fi

lint: python-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: python-deps
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) node_modules static/vendor staticfiles db.sqlite3 $(WHEELHOUSE)
