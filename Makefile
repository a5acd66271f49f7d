# assen-eval: the two commands a new user needs are `make reports` and `make test`.
# Both create .venv with the Python given by PYTHON (3.11 or newer) and install the package into it.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
YEAR   ?= 2010
LANG_  ?= nl
JOBS   ?=
SRC    := assen_eval tests $(wildcard benchmarks)

.PHONY: all venv reports test lint format bench validate clean distclean

all: reports

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

venv: $(STAMP)

validate: $(STAMP)
	$(BIN)/assen-eval validate

reports: $(STAMP)
	$(BIN)/assen-eval build --year $(YEAR) --lang $(LANG_) $(if $(filter en,$(LANG_)),--out reports/en) $(if $(JOBS),--jobs $(JOBS))

test: $(STAMP)
	$(BIN)/ruff check $(SRC)
	$(BIN)/ruff format --check $(SRC)
	$(BIN)/lint-imports
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check $(SRC)

format: $(STAMP)
	$(BIN)/ruff format $(SRC)
	$(BIN)/ruff check --fix $(SRC)

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_build.py

clean:
	rm -rf reports/[0-9]* .pytest_cache .ruff_cache .hypothesis

distclean: clean
	rm -rf $(VENV)
