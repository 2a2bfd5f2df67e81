# Two commands do all the set-up on a fresh machine:
#   make serve   create .venv, install everything, serve the sample app in the browser editor
#   make test    the same set-up plus Chromium and LibreOffice, then lint, type-check and run every test
#                (in parallel, with coverage; about 8 minutes on an idle 2-core machine)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
APP ?= sample_apps/beam
PORT ?= 8000
CHROMIUM := /usr/bin/chromium
# pytest-xdist workers for `make test`: the tests mostly wait on their own processes (serve, workers,
# Chromium), so more workers than cores keeps both cores busy; `make test TEST_WORKERS=0` runs in one.
TEST_WORKERS ?= 4

.PHONY: setup vendor serve test lint typecheck chromium libreoffice docs-images bench clean simulate-cluster

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamps make a second run take seconds: pip runs again only when pyproject.toml changed (the stamp
# is a copy of it in the venv, so a new venv installs again), npm only when the lock or the vendoring
# script changed or a vendored file is missing.
INSTALL_STAMP := $(VENV)/installed-pyproject.toml
VENDOR_STAMP := build/vendored-lock.stamp

# An editable install of this tree. web/ and workers/ are the packages viktorlite.web and
# viktorlite.workers: the links viktorlite/web and viktorlite/workers make them so for python, pytest
# and mypy run from here, and pyproject's package-dir for the installed package and wheels.
setup: $(BIN)/python vendor
	@if cmp -s pyproject.toml $(INSTALL_STAMP) && test -x $(BIN)/viktorlite; then :; else \
	  echo "$(BIN)/python -m pip install --quiet -e '.[test]'" && \
	  $(BIN)/python -m pip install --quiet -e '.[test]' && cp pyproject.toml $(INSTALL_STAMP); fi
	@echo "viktorlite is installed in $(VENV); to put it on PATH in this shell:  . $(VENV)/bin/activate"

# three.js, Leaflet (+ leaflet-geoman), pdf.js, pmtiles, topojson-client and world-atlas from the npm registry (versions pinned by package-lock.json), copied into
# web/static/vendor/ so the editor serves them itself: never a CDN.
# Skipped when web/static/vendor is complete (web/vendor_assets.py says) and neither package-lock.json
# nor tools/vendor_frontend.sh changed since (the stamp holds both). Builds vendor too (tools/vendor_build.py).
vendor:
	@if cat package-lock.json tools/vendor_frontend.sh | cmp -s - $(VENDOR_STAMP) && $(PYTHON) web/vendor_assets.py 2>/dev/null; \
	then :; else \
	  { command -v npm >/dev/null || tools/apt_install.sh npm; } && \
	  echo "npm ci && tools/vendor_frontend.sh" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error && \
	  tools/vendor_frontend.sh && mkdir -p build && cat package-lock.json tools/vendor_frontend.sh >$(VENDOR_STAMP); fi

serve: setup
	$(BIN)/viktorlite serve $(APP) --port $(PORT)

# System packages go through tools/apt_install.sh: no recommends, no upgrade of anything installed; without
# root it installs nothing and says so, and the browser and LibreOffice tests skip with that reason.
chromium:
	@test -x $(CHROMIUM) || tools/apt_install.sh chromium

# convert_word_to_pdf / convert_excel_to_pdf run LibreOffice (docs/services.md); the tests of them need it.
libreoffice:
	@command -v soffice >/dev/null || tools/apt_install.sh libreoffice-writer-nogui libreoffice-calc-nogui

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: setup
	$(BIN)/mypy -p viktorlite

# Every test, in parallel (a module's tests stay on one worker: they may share a module fixture), with
# coverage of the runtime, the processes the tests start included, reported at the end.
test: setup chromium libreoffice lint typecheck
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadscope --no-loadscope-reorder --cov --cov-report=term

# The multi-host simulation alone (tests/cluster, docs/several-machines.md): Redis, an S3 server, two
# web processes and three workers, each in a network namespace of its own; needs root and `ip`.
simulate-cluster: setup
	@command -v ip >/dev/null || tools/apt_install.sh iproute2
	$(BIN)/pytest tests/cluster -m cluster -v -s

# The interleaved benchmarks (benchmarks/_interleaved.py), quick runs (a few minutes), as a Markdown
# table in build/bench.md; `make bench BENCH_ARGS=--full` for the full runs.
BENCH_ARGS ?=
bench: $(BIN)/python
	$(BIN)/python benchmarks/run_all.py $(BENCH_ARGS)

# The screenshots in README.md and docs/: the browser test takes them into build/screenshots/ (as every
# `make test` does); this copies them into docs/images/, to be committed.
docs-images: setup chromium
	$(BIN)/pytest -p no:cacheprovider tests/browser/test_docs_screenshots.py
	cp build/screenshots/*.png docs/images/

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache node_modules web/static/vendor/three web/static/vendor/leaflet web/static/vendor/pdfjs \
	  web/static/vendor/geoman web/static/vendor/pmtiles web/static/vendor/topojson web/static/vendor/world-atlas
