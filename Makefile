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

.PHONY: all venv sysdeps sysdeps-pdf reports test lint format bench validate clean distclean

# System packages (Debian/Ubuntu names). The PDF (WeasyPrint) needs Pango, HarfBuzz and the
# DejaVu fonts; the tests also need chromium (the accessibility check) and poppler-utils
# (pdfinfo, pdftoppm: a second reader of the PDF). `make sysdeps` checks them and, when some are
# missing and it runs as root, installs them with apt-get; otherwise it says what to install.
PDF_DEBS  := fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
TEST_DEBS := $(PDF_DEBS) chromium poppler-utils
define check_debs
	@missing=""; \
	if command -v dpkg-query >/dev/null 2>&1; then \
	  for deb in $(1); do \
	    dpkg-query -W -f='$${Status}' $$deb 2>/dev/null | grep -q "ok installed" || missing="$$missing $$deb"; \
	  done; \
	else \
	  for cmd in $(2); do command -v $$cmd >/dev/null 2>&1 || missing="$$missing $$cmd"; done; \
	fi; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "make: installing system packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq --no-install-recommends $(1) >/dev/null || exit 1; \
	else \
	  echo "make: missing system packages:$$missing"; \
	  echo "  install them with: sudo apt-get install --no-install-recommends $(1)"; \
	  exit 1; \
	fi
endef

all: reports

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

venv: $(STAMP)

sysdeps-pdf:
	$(call check_debs,$(PDF_DEBS),fc-list)

sysdeps:
	$(call check_debs,$(TEST_DEBS),chromium pdftoppm pdfinfo)

validate: $(STAMP)
	$(BIN)/assen-eval validate

reports: $(STAMP) sysdeps-pdf
	$(BIN)/assen-eval build --pdf --year $(YEAR) --lang $(LANG_) $(if $(filter en,$(LANG_)),--out reports/en) $(if $(JOBS),--jobs $(JOBS))

test: $(STAMP) sysdeps
	$(BIN)/ruff check $(SRC)
	$(BIN)/ruff format --check $(SRC)
	$(BIN)/lint-imports
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check $(SRC)

format: $(STAMP)
	$(BIN)/ruff format $(SRC)
	$(BIN)/ruff check --fix $(SRC)

bench: $(STAMP) sysdeps-pdf
	$(BIN)/python benchmarks/bench_build.py

clean:
	rm -rf reports/[0-9]* .pytest_cache .ruff_cache .hypothesis

distclean: clean
	rm -rf $(VENV)
