# The course's two commands: `make lab` (open the course) and `make test` (check it);
# `make update` brings in the newest course, keeping your work.
# All use one virtual environment, .venv, (re)built whenever pyproject.toml changes.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Extras of pyproject.toml to install. CI (CI=true) adds the optional test tools:
# Playwright for the browser test, nbgrader for the nbgrader-compatibility test, and
# JupyterHub with nbgitpuller (`hub`) for the class-hub test.
ifeq ($(CI),true)
EXTRAS ?= dev,browser,nbgrader,hub
else
EXTRAS ?= dev
endif
comma := ,
STAMP := $(VENV)/.installed-$(subst $(comma),-,$(EXTRAS))
# `make update` also needs nbgitpuller (the `update` extra); `make lab` never does.
UPDATE_STAMP := $(VENV)/.installed-$(subst $(comma),-,$(EXTRAS),update)
# make lessons FORCE=1: also replace lessons edited since the last build (backed up first)
FORCE ?=
BUILD_ARGS := $(if $(FORCE),--force,)
# Extra arguments for JupyterLab, e.g. make lab LAB_ARGS="--no-browser --port=8890"
LAB_ARGS ?=
# Two workers (this course is tested on 2 cores); loadscope keeps a notebook's cells together.
PYTEST_ARGS ?= -n 2 --dist loadscope
# JupyterLab refuses to run as root (containers, CI) unless told it may.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: lab test update lessons solutions slide-metadata slides site format clean

# One stamp per set of extras: .venv/.installed-dev-hub installs '.[dev,hub]'.
$(VENV)/.installed-%: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --editable '.[$(subst -,$(comma),$*)]'
	touch $@

# course/jupyter-config: no news prompt, no update check (see its README)
LAB_CONFIG := $(CURDIR)/course/jupyter-config

lab: $(STAMP)
	JUPYTER_CONFIG_PATH="$(LAB_CONFIG)$${JUPYTER_CONFIG_PATH:+:$$JUPYTER_CONFIG_PATH}" \
		$(BIN)/jupyter lab --ServerApp.root_dir=. --LabApp.default_url=/lab/tree/course/start.ipynb \
		$(ALLOW_ROOT) $(LAB_ARGS)

# reveal.js and MathJax for the static slides and site, pinned by course/export's lock
# file; npm ci writes the stamp below. The tests of the exports need them, so `make test`
# installs them too wherever npm is there.
EXPORT_JS := course/export/node_modules/.package-lock.json
$(EXPORT_JS): course/export/package-lock.json
	npm ci --prefix course/export --no-audit --no-fund
TEST_JS := $(if $(shell command -v npm 2>/dev/null),$(EXPORT_JS),)

test: $(STAMP) $(TEST_JS)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Pull the newest course into this clone with nbgitpuller: your edits win where you and
# the course changed the same lines, deleted files come back, and a file of yours that
# the course now also has is kept under a dated name. Prints what it kept and changed.
update: $(UPDATE_STAMP)
	$(BIN)/python -m helpers.update

lessons: $(STAMP)
	$(BIN)/python -m helpers.instructor.build_lessons $(BUILD_ARGS)

# Re-execute every solution notebook in place (stored outputs from a real run), then
# rebuild lessons/ from them. One notebook: make solutions NOTEBOOKS=solutions/02-*.ipynb
NOTEBOOKS ?=
solutions: $(STAMP)
	$(BIN)/python -m helpers.instructor.execute $(NOTEBOOKS)
	$(BIN)/python -m helpers.instructor.build_lessons $(BUILD_ARGS)

# Slides: assign the slide metadata of solutions/ by rule (re-run after editing or merging a
# lesson), and export static reveal.js slides to build/slides (NOTEBOOKS= for some).
slide-metadata: $(STAMP)
	$(BIN)/python -m helpers.instructor.slides

slides: $(STAMP) $(EXPORT_JS)
	$(BIN)/python -m helpers.instructor.export_slides $(NOTEBOOKS)

# The static site of the executed lessons and the course pages, in build/site.
site: $(STAMP) $(EXPORT_JS)
	$(BIN)/python -m helpers.instructor.site

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis build course/export/node_modules
