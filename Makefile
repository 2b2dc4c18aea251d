# One virtual environment at the repo root; every target runs from it.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install demo test bench clean engine-stop chromium

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: install
	$(BIN)/lienket demo

# The viz tests drive Debian's chromium; install it when it is missing.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
chromium:
	test -x /usr/bin/chromium || { $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -q \
	  && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; }

test: install chromium
	$(BIN)/python -m pytest

# splink (the resolution peer) brings pyarrow, which the neo4j driver imports
# whenever it can: it gets a virtual environment of its own.
SPLINK := .venv-splink
$(SPLINK)/.installed:
	test -x $(SPLINK)/bin/python || $(PYTHON) -m venv $(SPLINK)
	$(SPLINK)/bin/pip install --quiet 'splink>=4,<6'
	touch $@

bench: install $(SPLINK)/.installed
	$(BIN)/python -m bench

engine-stop: install
	$(BIN)/lienket engine stop

clean:
	rm -rf $(VENV) $(SPLINK) build *.egg-info
