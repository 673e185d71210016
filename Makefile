# Reproducible audit of welfare-to-work policy — build.
#
#   make report                       build the default case (amsterdam_2006)
#   make report CASE=uithoorn_2018    another case
#   make report PARAMS="-p min_cell 5"
#   make pdf CASE=uithoorn_2018      the report as one A4 PDF (needs WeasyPrint: pip install -e '.[pdf]')
#
# Every notebook is a file target with real prerequisites: the notebook, the package sources,
# the content of the case's inputs (a manifest of their hashes, so a deleted file or one restored
# with an older date counts too), the parameters, the environment, and the notebooks whose
# artefacts it reads (independent notebooks run side by side, on every core unless -j is given).
# A second `make report` with nothing changed runs no notebook.
#
# Notebooks are built into reports/.work/CASE/; only when every notebook of the case has been
# built is the whole folder published to reports/CASE/ in one step. A failed or interrupted build
# leaves the previous complete report, never a mix of old and new pages.

SHELL := /bin/bash
.DEFAULT_GOAL := help

CASE      ?= amsterdam_2006
PARAMS    ?=
PYTHON    ?= python3
VENV      ?= .venv
REPORTS   ?= reports
RAW       ?= data/raw
PROCESSED ?= data/processed
SYNTHETIC ?= data/synthetic
NOTEBOOK_DIR ?= notebooks

PY    := $(VENV)/bin/python
STAMP := $(VENV)/.installed
OUT   := $(REPORTS)/$(CASE)
WORKS := $(REPORTS)/.work
WORK  := $(WORKS)/$(CASE)

NOTEBOOKS := $(sort $(wildcard $(NOTEBOOK_DIR)/[0-9][0-9]_*.ipynb))
NAMES     := $(notdir $(NOTEBOOKS:.ipynb=))
HTML      := $(addprefix $(WORK)/,$(addsuffix .html,$(NAMES)))
# The PDF module reads the published pages; no notebook depends on it.
SRC       := $(filter-out src/analysis/pdf.py,$(shell find src/analysis -type f -name '*.py' 2>/dev/null))
# The demo generator may import only synthetic/, registry/, published/ and core/ (the layer test
# enforces it), so those folders are exactly what a generated registry depends on.
GENERATOR_SRC := $(shell find src/analysis/synthetic src/analysis/registry src/analysis/published src/analysis/core -type f -name '*.py' 2>/dev/null)
PARAMS_STAMP := $(WORK)/.params
INPUTS_MANIFEST := $(WORK)/.inputs
CASES     := $(patsubst $(RAW)/%/case.yml,%,$(wildcard $(RAW)/*/case.yml))
SYNTHETIC_CASES := $(foreach c,$(CASES),$(if $(shell grep -qE '^synthetic_registry: *true' $(RAW)/$(c)/case.yml && echo y),$(c)))
# A case with a synthetic demo registry gets it generated before its notebooks run (make data).
# It is written to $(SYNTHETIC)/CASE/registry/, never into data/raw/CASE/registry/ (an office's own
# extract), and only for cases with synthetic_registry: true.
REGISTRY_STAMP := $(SYNTHETIC)/$(CASE)/registry/.generated
DATA_DEPS := $(if $(filter $(CASE),$(SYNTHETIC_CASES)),$(REGISTRY_STAMP))
CALIBRATION := $(wildcard $(RAW)/$(CASE)/tables/*.csv) $(wildcard $(RAW)/$(CASE)/*.csv) $(wildcard $(RAW)/$(CASE)/codes.yml) $(RAW)/$(CASE)/case.yml
BUILD_STARTED := $(shell date +%s.%N)

# Independent notebooks run side by side on the machine's cores unless -j is given (make -j1:
# one after another).
JOBS ?= $(shell nproc 2>/dev/null || sysctl -n hw.ncpu 2>/dev/null || echo 2)
ifeq ($(filter -j%,$(MAKEFLAGS)),)
MAKEFLAGS += -j$(JOBS)
endif

export PATH := $(abspath $(VENV))/bin:$(PATH)
export PARAMS
export ANALYSIS_RAW_DIR := $(abspath $(RAW))
export ANALYSIS_PROCESSED_DIR := $(abspath $(PROCESSED))
export ANALYSIS_SYNTHETIC_DIR := $(abspath $(SYNTHETIC))
export ANALYSIS_REPORTS_DIR := $(abspath $(REPORTS))
export PYDEVD_DISABLE_FILE_VALIDATION := 1

.PHONY: help report pdf all data test lab clean distclean venv check-case bench peers FORCE

help: ## List the targets
	@echo "Targets (CASE=$(CASE); cases: $(CASES)):"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sort | awk -F ':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

venv: $(STAMP) ## Create .venv and install the package (automatic for other targets)

$(STAMP): pyproject.toml
	@echo "Setting up $(VENV): python3 -m venv, then pip install -e '.[test]' (a few minutes the first time)"
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	@$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $@

check-case:
	@test -f $(RAW)/$(CASE)/case.yml || { echo "Unknown CASE '$(CASE)'; known: $(CASES)" >&2; exit 2; }

data: check-case $(DATA_DEPS) ## Generate the synthetic demo registry of CASE (if it uses one)
	@$(if $(DATA_DEPS),echo "Demo registry of $(CASE): $(SYNTHETIC)/$(CASE)/registry/",echo "$(CASE) has no synthetic registry: nothing to generate")

$(REGISTRY_STAMP): $(GENERATOR_SRC) $(CALIBRATION) $(STAMP)
	@echo "Generating the synthetic demo registry of $(CASE) (python -m analysis.synthetic)"
	@$(PY) -m analysis.synthetic $(CASE)
	@$(PY) -m analysis.synthetic.effect $(SYNTHETIC)/$(CASE)/effect

report: check-case $(OUT)/index.html $(REPORTS)/index.html ## Run every notebook for CASE and export HTML to reports/CASE/
	@$(PY) -m analysis.build done --case $(CASE) --reports $(REPORTS) --since $(BUILD_STARTED)

# The PDF is made from the published pages, so the HTML build never needs WeasyPrint. Publishing
# replaces reports/CASE/ whole, so a PDF never outlives the pages it was made from; with nothing
# published since, a second `make pdf` does nothing.
PDF := $(OUT)/$(CASE).pdf

pdf: report $(PDF) ## Make reports/CASE/CASE.pdf: the whole report in one A4 PDF (WeasyPrint)
	@echo "PDF: $(PDF)"

$(PDF): $(OUT)/index.html src/analysis/pdf.py src/analysis/report/print.css $(STAMP)
	@$(PY) -m analysis.pdf --case $(CASE) --reports $(REPORTS)

all: ## Build the report of every case
	@for c in $(CASES); do $(MAKE) --no-print-directory report CASE=$$c || exit 1; done

$(WORK):
	@mkdir -p $@

# Rewritten only when PARAMS differ from the last build, so changed parameters rerun notebooks.
$(PARAMS_STAMP): FORCE | $(WORK)
	@printf '%s\n' "$$PARAMS" | cmp -s - $@ || printf '%s\n' "$$PARAMS" > $@

# Rewritten only when the content of an input changed, or a file was added or deleted.
$(INPUTS_MANIFEST): FORCE $(DATA_DEPS) $(STAMP) | $(WORK)
	@$(PY) -m analysis.build manifest --case $(CASE) --out $@

$(WORK)/%.html: $(NOTEBOOK_DIR)/%.ipynb $(SRC) $(INPUTS_MANIFEST) $(PARAMS_STAMP) $(STAMP) | $(WORK)
	@$(PY) -m analysis.build notebook --case $(CASE) --notebook $< --reports $(WORKS) --params "$$PARAMS"

# A notebook also depends on the notebooks whose processed artefacts it reads (docs/architecture.md,
# "Processed artefacts"): 02 and 03 read the cleaned registry and ledger 00 writes, 99 reads what
# every other notebook writes. 00 goes first for all: a bad extract or a missing pseudonym key
# stops the build before any notebook writes. Then `make -j` runs 01 to 90 side by side.
SUMMARY := 99_summary
$(if $(filter 00_registry,$(NAMES)),$(foreach n,$(filter-out 00_registry,$(NAMES)),\
  $(eval $(WORK)/$(n).html: $(WORK)/00_registry.html)))
$(if $(filter $(SUMMARY),$(NAMES)),\
  $(eval $(WORK)/$(SUMMARY).html: $(filter-out $(WORK)/$(SUMMARY).html,$(HTML))))

$(WORK)/index.html: $(HTML) $(INPUTS_MANIFEST) $(PARAMS_STAMP) $(STAMP)
	@$(PY) -m analysis.build index --case $(CASE) --reports $(WORKS) --notebooks $(NOTEBOOK_DIR) --params "$$PARAMS"

# Publish: the complete set of pages replaces reports/CASE/ in one step.
$(OUT)/index.html: $(WORK)/index.html
	@$(PY) -m analysis.build publish --case $(CASE) --reports $(REPORTS)

$(REPORTS)/index.html: $(OUT)/index.html $(wildcard $(RAW)/*/case.yml) $(STAMP)
	@$(PY) -m analysis.build root --reports $(REPORTS)

# The tests run make themselves: they get a make of their own, not this one's job slots (which
# a recipe without $(MAKE) cannot reach; make would warn and fall back to one job).
test: $(STAMP) ## Run the test suite (includes an end-to-end build of the default case)
	@env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL $(PY) -m pytest

# The benchmark scales the demo registry of amsterdam_2006 (cached in data/bench/) and runs the
# registry analysis beside a DuckDB reference; it installs the optional extra `bench` (DuckDB).
BENCH_STAMP := $(VENV)/.bench
BENCH_SIZES ?= 2 15 30

$(BENCH_STAMP): $(STAMP)
	@$(PY) -m pip install --quiet --disable-pip-version-check -e '.[bench]'
	@touch $@

bench: $(BENCH_STAMP) ## Time the registry analysis at 0,1 / 1 / 2 million persons beside a DuckDB reference
	@$(MAKE) --no-print-directory data CASE=amsterdam_2006
	@$(PY) benchmarks/bench.py --sizes $(BENCH_SIZES)

# Comparison figures of all municipalities from CBS StatLine, as a dated, checksummed snapshot
# under data/raw/peers/ (docs/peers.md); needs the internet once, the reports never. Installs the
# optional extra `peers` (cbsodata).
PEERS_STAMP := $(VENV)/.peers
PEER_YEARS ?= 2015 2025

$(PEERS_STAMP): $(STAMP)
	@$(PY) -m pip install --quiet --disable-pip-version-check -e '.[peers]'
	@touch $@

peers: $(PEERS_STAMP) ## Fetch peer figures from CBS StatLine into data/raw/peers/ (PEER_YEARS="2015 2025")
	@$(PY) -m analysis peers fetch --from $(word 1,$(PEER_YEARS)) --to $(word 2,$(PEER_YEARS))

lab: $(STAMP) ## Open the notebooks in JupyterLab
	@$(PY) -m jupyter lab --notebook-dir=$(NOTEBOOK_DIR) $(if $(filter 0,$(shell id -u)),--allow-root)

clean: ## Remove derived files (reports, data/processed, generated demo registries); keeps .venv
	@find $(REPORTS) $(PROCESSED) -mindepth 1 ! -name .gitkeep ! -name README.md -delete 2>/dev/null || true
	@rm -rf $(SYNTHETIC)
	@echo "Removed derived files in $(REPORTS)/, $(PROCESSED)/ and the demo registries in $(SYNTHETIC)/"

distclean: clean ## Also remove the virtual environment
	@rm -rf $(VENV)

FORCE:
