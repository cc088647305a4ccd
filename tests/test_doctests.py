"""The examples in the docstrings are tests too."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import itukg.api
import itukg.loader

MODULES = sorted(
    info.name
    for package in (itukg.loader, itukg.api)
    for info in pkgutil.walk_packages(package.__path__, prefix=package.__name__ + ".")
    if not info.ispkg
)


def test_modules_found():
    assert len(MODULES) >= 15


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
