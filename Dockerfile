# syntax=docker/dockerfile:1
# viktorlite as a container image: the web process, or a worker, of one app (docs/deploy-containers.md).
#
#   docker build -t viktorlite .                               # sample_apps/beam inside
#   docker build -t my-app --build-arg APP_DIR=path/to/my_app .  # an app folder of this build context
#   docker compose up --scale worker=4                          # Redis, the web process, 4 workers (compose.yaml)
#
# Two stages: the builder makes viktorlite's wheel as `pip wheel .` does anywhere (its build vendors
# three.js, Leaflet and pdf.js with npm, tools/vendor_build.py); the runtime has Python, the wheel and
# the app, and neither Node nor a compiler nor a browser.

ARG PYTHON_IMAGE=python:3.12-slim-bookworm

FROM ${PYTHON_IMAGE} AS builder
# Node.js and npm only for the vendoring step of the wheel's build.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends nodejs npm \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# What a build reads (tests/project/wheel_build.py BUILD_INPUTS), nothing else of the repository.
COPY pyproject.toml README.md MANIFEST.in package.json package-lock.json ./
COPY tools/vendor_build.py tools/vendor_frontend.sh tools/
COPY tools/npm-stub-canvas tools/npm-stub-canvas
COPY viktorlite viktorlite
COPY web web
COPY workers workers
RUN pip wheel --no-cache-dir --no-deps . -w /dist

FROM ${PYTHON_IMAGE} AS runtime
ARG APP_DIR=sample_apps/beam
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    VIKTORLITE_LOG_FORMAT=json
# A user of its own: nothing in the image runs as root.
RUN groupadd --system --gid 10001 viktorlite \
    && useradd --system --uid 10001 --gid viktorlite --home-dir /var/lib/viktorlite --create-home viktorlite
# The document engines (the `documents` extra) by default: the app runs in this environment, with no
# `viktorlite install` to add them. `--build-arg VIKTORLITE_EXTRAS=` leaves them out (~200 MB less).
ARG VIKTORLITE_EXTRAS=documents
COPY --from=builder /dist/ /tmp/dist/
# DL3013 (pin versions) mistakes "$1[...]" for a package name: it is the wheel file this build made.
# hadolint ignore=DL3013
RUN set -- /tmp/dist/viktorlite-*.whl \
    && pip install --no-cache-dir "$1${VIKTORLITE_EXTRAS:+[$VIKTORLITE_EXTRAS]}" \
    && rm -rf /tmp/dist
# The app's code is read-only to the processes; what they write goes to /var/lib/viktorlite (--data-dir).
COPY ${APP_DIR} /app
USER 10001:10001
WORKDIR /var/lib/viktorlite
EXPOSE 8000
# The web process by default; compose.yaml runs the workers from the same image with `worker`.
ENTRYPOINT ["viktorlite"]
CMD ["web", "/app", "--host", "0.0.0.0", "--port", "8000", "--production", "--data-dir", "/var/lib/viktorlite"]
