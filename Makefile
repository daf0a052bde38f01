# The portal's commands. `make run` and `make test` are the two a newcomer needs.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export DJANGO_SETTINGS_MODULE := portal.settings
# Some shells and CI images set PYTHONDONTWRITEBYTECODE=1: then every process
# (migrate, load_demo, collectstatic, each gunicorn worker) recompiles the
# ~1,600 modules it imports, which made the first start minutes slower. The
# portal's commands write bytecode once into .venv and reuse it.
unexport PYTHONDONTWRITEBYTECODE

# Debian packages WeasyPrint and the Korean fonts need (installed when run as root).
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk fonts-nanum poppler-utils
# Debian's Chromium drives the browser tests (Playwright cannot download browsers here);
# the Nu Html Checker (npm's vnu-jar) in the accessibility walk needs a Java runtime.
E2E_PACKAGES := chromium default-jre-headless
# wrk loads the public booking pages in `make bench`.
BENCH_PACKAGES := wrk

# Reproducible installs: requirements/base.txt (runtime only: what `make run`
# and the image need) and requirements/dev.txt (plus the test tools: `make
# install`, `make test`, `make lint`; PROD=1 keeps `make install` to the
# runtime), both pinned with hashes by `make lock`; npm installs exactly
# package-lock.json (npm ci).
# Closed network: `make wheelhouse` on a connected machine of the same kind
# (Linux x86_64, Python 3.11), carry the folder over, `make install OFFLINE=1`.
REQUIREMENTS := $(if $(filter 1,$(PROD)),requirements/base.txt,requirements/dev.txt)
WHEELHOUSE ?= wheelhouse
WHEELHOUSE_REQS ?= requirements/dev.txt
NPM_CACHE = $(abspath $(WHEELHOUSE))/npm-cache
PIP_SOURCE := $(if $(OFFLINE),--no-index --find-links $(WHEELHOUSE))
NPM_SOURCE = $(if $(OFFLINE),--offline --cache $(NPM_CACHE))
# Each step prints the clock and the seconds since this make started.
MAKE_T0 := $(shell date +%s)
step = @echo "==> [$$(date +%H:%M:%S) +$$(( $$(date +%s) - $(MAKE_T0) ))s] $(1)"

.PHONY: run first-start install system-deps e2e-deps bench-deps python-deps runtime-deps assets migrate demo static serve worker beat test bench lint format clean lock wheelhouse

# The demo needs the runtime packages only; `make test` adds the test tools.
# Two steps at a time where they do not wait for each other (npm beside pip,
# collectstatic beside migrate and the demo), each output line whole.
run:
	@$(MAKE) --no-print-directory -j2 --output-sync=line first-start MAKE_T0=$(MAKE_T0)

first-start: system-deps demo static
	$(GUNICORN_START)

install: system-deps python-deps assets

system-deps:
	$(call step,시스템 패키지 확인)
	@if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	  missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	  if [ -n "$$missing" ]; then echo "시스템 패키지 설치:$$missing"; \
	    (apt-get update -qq || true) && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; fi; \
	else echo "root가 아니므로 시스템 패키지($(SYSTEM_PACKAGES))는 건너뜁니다. README를 보세요."; fi

e2e-deps:
	@if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null && \
	  { ! command -v chromium >/dev/null || ! command -v java >/dev/null; }; then \
	  (apt-get update -qq || true) && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(E2E_PACKAGES) >/dev/null; fi

$(BIN)/python:
	$(call step,가상 환경 만들기 ($(VENV)))
	$(PYTHON) -m venv $(VENV)

# One stamp per lock file (.installed-base.txt, .installed-dev.txt); dev.txt
# holds every pin of base.txt, so installing one after the other only adds.
# --no-compile: Python writes the bytecode of what it imports on first use,
# instead of pip compiling thousands of files up front.
$(VENV)/.installed-%.txt: requirements/%.txt | $(BIN)/python
	$(call step,파이썬 패키지 설치 ($<$(if $(OFFLINE), 오프라인: $(WHEELHOUSE)/)))
	$(BIN)/pip install -q --disable-pip-version-check --no-compile --require-hashes $(PIP_SOURCE) -r $<
	touch $@

python-deps: $(VENV)/.installed-$(notdir $(REQUIREMENTS))
runtime-deps: $(VENV)/.installed-base.txt

# Only the two font weights the pages use (tools/build_fonts.py); FONT_SUBSET=1
# subsets them to KS X 1001 Hangul + Latin (about 50 s of CPU).
static/vendor/.installed: package.json package-lock.json tools/build_fonts.py
	$(call step,화면 자산 설치 (npm ci$(if $(OFFLINE), --offline)))
	npm ci --no-audit --no-fund --loglevel=error $(NPM_SOURCE)
	rm -rf static/vendor && mkdir -p static/vendor/bootstrap/css static/vendor/bootstrap/js static/vendor/htmx static/vendor/axe
	@# Only the two Bootstrap files the pages link (not its 8 MB dist), without their
	@# source-map comment (collectstatic's manifest would need the .map files).
	sed '/^\/[*/]# sourceMappingURL=/d' node_modules/bootstrap/dist/css/bootstrap.min.css > static/vendor/bootstrap/css/bootstrap.min.css
	sed '/^\/[*/]# sourceMappingURL=/d' node_modules/bootstrap/dist/js/bootstrap.bundle.min.js > static/vendor/bootstrap/js/bootstrap.bundle.min.js
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

migrate: runtime-deps
	$(call step,데이터베이스 마이그레이션)
	$(BIN)/python manage.py migrate --noinput -v1

demo: migrate
	$(call step,시연 데이터 (빈 데이터베이스에만))
	$(BIN)/python manage.py load_demo --if-empty

# The laptop collects without gzip/Brotli copies (STATIC_COMPRESS=0, about 6 s
# of CPU saved; WhiteNoise then serves the files as they are); the image
# compresses. `make serve STATIC_COMPRESS=1` compresses here too.
STATIC_COMPRESS ?= 0
static: runtime-deps assets
	$(call step,정적 파일 모으기)
	STATIC_COMPRESS=$(STATIC_COMPRESS) $(BIN)/python manage.py collectstatic --noinput -v0

define GUNICORN_START
	$(call step,포털 시작: http://127.0.0.1:$(PORT)/)
	$(BIN)/gunicorn -c portal/gunicorn.conf.py portal.wsgi:application --bind 127.0.0.1:$(PORT)
endef

serve: static
	$(GUNICORN_START)

worker: runtime-deps
	$(BIN)/celery -A portal worker -l info

beat: runtime-deps
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
