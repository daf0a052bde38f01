# The production image: runtime dependencies only, pinned with hashes
# (requirements/base.txt), assets from package-lock.json (npm ci), non-root.
# BASE_IMAGE: any Debian bookworm image. The default has Python 3.11 built in;
# on a closed network, a plain Debian root file system works as well (Debian's
# own python3 is 3.11 too), e.g. one made without a registry:
#   debootstrap --variant=minbase bookworm rootfs http://<mirror>/debian
#   tar -C rootfs -c . | docker import - local/bookworm
#   docker build --build-arg BASE_IMAGE=local/bookworm .
ARG BASE_IMAGE=python:3.11-slim-bookworm
FROM ${BASE_IMAGE}

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 PATH=/opt/venv/bin:$PATH
# The packages live in a virtual environment (/opt/venv), so the image
# installs the same way on either base; Debian's python3 needs python3-venv.
RUN python=""; command -v python3 >/dev/null || python="python3 python3-venv"; \
    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      $python ca-certificates \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk fonts-nanum \
      nodejs npm make curl \
    && rm -rf /var/lib/apt/lists/* \
    && python3 -m venv /opt/venv
WORKDIR /app
# Behind a TLS-inspecting proxy (a city network, this project's build
# sandbox) pip and npm need the proxy's CA. Pass the host's bundle as a build
# secret; it is mounted for these two steps only and never stored in a layer:
#   DOCKER_BUILDKIT=1 docker build --secret id=ca_bundle,src=/etc/ssl/certs/ca-certificates.crt .
# Without the secret the image's own CA certificates are used.
ARG CA_SECRET=/run/secrets/ca_bundle
# Dependencies first, so a code change does not reinstall them.
COPY requirements/base.txt requirements/base.txt
RUN --mount=type=secret,id=ca_bundle \
    if [ -s "$CA_SECRET" ]; then export PIP_CERT="$CA_SECRET"; fi; \
    pip install --require-hashes -r requirements/base.txt
COPY package.json package-lock.json Makefile ./
COPY tools tools
RUN --mount=type=secret,id=ca_bundle \
    if [ -s "$CA_SECRET" ]; then export NODE_EXTRA_CA_CERTS="$CA_SECRET"; fi; \
    make assets PYTHON=python && rm -rf node_modules
COPY . .
RUN SECRET_KEY=build python manage.py collectstatic --noinput -v0
# The image runs as production: without SECRET_KEY (50+ characters) it refuses to start.
ENV PORTAL_ENV=production MEDIA_ROOT=/app/var/media
# The media folder exists, owned by the app user, before the volume is declared:
# a fresh named volume then takes this owner instead of root.
RUN useradd --create-home --uid 10001 portal \
    && mkdir -p /app/var/media \
    && chown -R portal:portal /app/var
USER portal
VOLUME ["/app/var/media"]
EXPOSE 8000
# Liveness only, with a Host header ALLOWED_HOSTS accepts (deploy/healthcheck);
# /healthz (every dependency) is for monitoring.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD sh deploy/healthcheck
CMD ["gunicorn", "-c", "portal/gunicorn.conf.py", "portal.wsgi:application"]
