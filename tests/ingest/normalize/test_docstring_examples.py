"""Run the examples in every normalisation module's docstrings."""

import doctest
import importlib

import pytest

MODULES = ["__init__", "errors", "text", "names", "identifiers", "phones", "countries",
           "dates", "symbols", "addresses"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(
        "ingest.normalize" if name == "__init__" else f"ingest.normalize.{name}")
    result = doctest.testmod(module, raise_on_error=False, verbose=False)
    assert result.attempted > 0
    assert result.failed == 0
