# One virtual environment at the repo root; every target runs from it.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install demo test bench clean engine-stop

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: install
	$(BIN)/lienket demo

test: install
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python -m bench

engine-stop: install
	$(BIN)/lienket engine stop

clean:
	rm -rf $(VENV) build *.egg-info
