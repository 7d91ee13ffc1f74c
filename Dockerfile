# syntax=docker/dockerfile:1
# One image for every Mustard process; they differ only by command:
#   mustard serve --host 0.0.0.0 --port 6543   the API and admin console (the default command)
#   mustard worker --concurrency N             the Celery worker
#   mustard beat                               the periodic relay (exactly one per environment)
#   mustard migrate                            the one-off schema migration of a deploy
# Configuration comes from environment variables (README, "Production"); the image holds no
# secret. Staging runs this same image with other values.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# --------------------------------------------------------------------------- build
# Every wheel the platform and its shipped plugins need, built where the compilers are.
FROM ${PYTHON_IMAGE} AS builder
RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential libffi-dev libpq-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY setup.py ./
COPY mustard_core ./mustard_core
COPY admin ./admin
COPY plugins ./plugins
RUN pip wheel --no-cache-dir --wheel-dir /wheels \
        . plugins/storage_s3 plugins/algolia plugins/daxtra plugins/metrics_graphite

# --------------------------------------------------------------------------- run
# The wheels, WeasyPrint's system libraries and a non-root user; no compilers.
FROM ${PYTHON_IMAGE} AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    MUSTARD_CONFIG=/etc/mustard/production.ini
# pango + harfbuzz for WeasyPrint; libharfbuzz-subset0 makes font subsetting ~4x faster than
# its fontTools fallback (a resume renders in ~66 ms instead of ~266 ms).
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 \
        libfontconfig1 fonts-dejavu-core shared-mime-info \
    && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 mustard \
    && useradd --system --uid 10001 --gid mustard --home-dir /srv/mustard --create-home \
        --shell /usr/sbin/nologin mustard
COPY --from=builder /wheels /tmp/wheels
RUN pip install --no-index --find-links=/tmp/wheels \
        mustard mustard-storage-s3 mustard-algolia mustard-daxtra mustard-metrics-graphite \
    && rm -rf /tmp/wheels
COPY production.ini /etc/mustard/production.ini
USER mustard
# Writable by the app: `mustard beat` keeps its schedule file in the working directory, and
# local storage (compose only; production uses S3) mounts a volume on ./files.
WORKDIR /srv/mustard
RUN mkdir -p /srv/mustard/files
EXPOSE 6543
STOPSIGNAL SIGTERM
CMD ["mustard", "serve", "--host", "0.0.0.0", "--port", "6543"]
