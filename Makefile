# Deep Learning 101 — build, test and read the book.
#   make book   execute every notebook (only those that changed) and build the site
#   make test   everything CI checks
#   make lab    JupyterLab with the book's kernel
# Run `make help` for the rest.

PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
BUILD  := _build
export PYTHONPATH := $(CURDIR)
export DL101_RESULTS_DIR := $(CURDIR)/$(BUILD)/results/values
export DL101_EXECUTED_DIR := $(CURDIR)/$(BUILD)/executed
# The book runs on 2 CPU threads by default, as on the machine its timings come from.
export OMP_NUM_THREADS ?= 2

SOURCES    := $(sort $(wildcard chapters/*.md solutions/*.md exercises/*.md))
NOTEBOOKS  := $(SOURCES:.md=.ipynb)
EXECUTED   := $(addprefix $(BUILD)/executed/,$(NOTEBOOKS))
UTILS_SRC  := $(shell find utils -name '*.py' -not -path '*/__pycache__/*')
UTILS_CORE := $(filter-out utils/grading/%,$(UTILS_SRC))   # what chapters import
OFFLINE    := tools/offline

.PHONY: help book test lab venv sync execute results results-check site lint unit check-pairs \
        check-offline check-exercises grade-proof exercises vendor site-test clean gpu-run bench

help:
	@sed -n '2,5p' Makefile

venv: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

# --- the book --------------------------------------------------------------------------

sync: $(STAMP)
	$(BIN)/jupytext --sync --quiet $(SOURCES)

# Execute one notebook with nbval, offline; tools/nbcapture.py keeps the outputs and timing.
# Chapters re-run when utils changes; exercise notebooks also when their tests change.
NBVAL = $(OFFLINE) $(BIN)/python -m pytest -q -p tools.nbcapture -p no:cacheprovider \
	  --nbval-lax --nbval-cell-timeout=300

$(BUILD)/executed/chapters/%.ipynb: chapters/%.ipynb $(UTILS_CORE) | $(STAMP)
	@echo "executing $<"
	$(NBVAL) $<

$(BUILD)/executed/%.ipynb: %.ipynb $(UTILS_SRC) | $(STAMP)
	@echo "executing $<"
	$(NBVAL) $<

execute: sync $(EXECUTED)

results: execute
	$(BIN)/python -m tools.results

# Sphinx re-reads only pages whose source changed; a notebook re-executed because `utils`
# changed has new outputs but the same source, and a changed stylesheet is copied only when a
# page is written, so then every page is read again (--all).
# MathJax and axe-core come from the npm registry, so the site works with no internet.
vendor: $(STAMP)
	$(BIN)/python -m tools.vendor_js

site: results vendor
	$(BIN)/python -m tools.prime_cache $(EXECUTED)
	@if [ ! -f $(BUILD)/html/.built ] || [ -n "$$(find $(BUILD)/executed $(BUILD)/results book/_static _config.yml \
	    -newer $(BUILD)/html/.built -type f | head -1)" ]; then all=--all; fi; \
	  echo "jupyter-book build . $$all"; \
	  $(BIN)/jupyter-book build . --warningiserror --keep-going --quiet $$all
	touch $(BUILD)/html/.built
	@echo "The book: file://$(CURDIR)/$(BUILD)/html/index.html"

book: site

# On a machine with an NVIDIA GPU: execute every notebook there (utils.get_device() picks
# CUDA), check the results against the same targets and budgets, and keep the table as
# book/runs/gpu.md, which the Results page shows next to the CPU run. Commit that file.
GPU_BUILD := $(CURDIR)/$(BUILD)/gpu
gpu-run: sync
	rm -rf $(GPU_BUILD)
	DL101_EXECUTED_DIR=$(GPU_BUILD)/executed DL101_RESULTS_DIR=$(GPU_BUILD)/results/values \
	  $(BIN)/python -m pytest -q -p tools.nbcapture -p no:cacheprovider --nbval-lax \
	  --nbval-cell-timeout=300 $(NOTEBOOKS)
	$(BIN)/python -m tools.results --check --device cuda --build $(GPU_BUILD) \
	  --table book/runs/gpu.md

# Jupyter refuses to run as root unless told; in a container one usually is root.
LAB_ARGS ?=
lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=$(CURDIR) $(if $(filter 0,$(shell id -u)),--allow-root) \
	  $(LAB_ARGS)

# Exercises are generated from the solutions: edit solutions/*.md, then `make exercises`.
exercises: $(STAMP)
	$(BIN)/python -m utils.grading generate

# How much slower chapters 1, 4, 5 and 6 run while another program keeps one core busy.
bench: $(STAMP)
	$(BIN)/python -m tools.bench --check 2.0 --table book/runs/bench.md

# --- checks -----------------------------------------------------------------------------

lint: $(STAMP)
	$(BIN)/ruff check utils tests tools chapters solutions exercises

check-pairs: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/test_notebook_files.py

unit: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider tests --ignore=tests/test_notebook_files.py \
	  --ignore=tests/site

# The built site in headless Chromium: every page of _toc.yml, search, planted defects.
site-test: site | /usr/bin/chromium
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/site

/usr/bin/chromium:
	apt-get update -qq && apt-get install -y -qq chromium

check-offline: $(STAMP)
	$(OFFLINE) $(BIN)/python tools/assert_offline.py

check-exercises: $(STAMP)
	$(BIN)/python -m utils.grading generate --check

# The tests can fail: every solution scores 100 %, every untouched exercise 0 (fresh kernels).
grade-proof: $(STAMP)
	$(OFFLINE) $(BIN)/python -m utils.grading grade solutions --out $(BUILD)/grading/solutions \
	  --expect-full
	$(OFFLINE) $(BIN)/python -m utils.grading grade exercises --out $(BUILD)/grading/exercises \
	  --expect-zero

results-check: $(STAMP)
	$(BIN)/python -m tools.results --check

TEST_STEPS := lint check-pairs check-exercises unit check-offline book site-test grade-proof \
              results-check
test: $(STAMP)
	@$(BIN)/python -m tools.steps $(TEST_STEPS)
	@echo "make test: all checks passed"

clean:
	rm -rf $(BUILD) .jupyter_cache
