"""pyproject.toml in the current packaging form: an SPDX license expression with its license file (PEP 639,
setuptools >= 77; the `{ text = … }` table is deprecated and warns at every install), and every folder that
ships data files named as a package (setuptools warns about data in a folder it was not told of)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_the_license_is_an_spdx_expression_with_its_file():
    project = PYPROJECT["project"]
    assert project["license"] == "Apache-2.0"
    assert not [c for c in project.get("classifiers", []) if c.startswith("License ::")]  # refused beside it
    files = project["license-files"]
    assert files and all((ROOT / name).is_file() for name in files)
    assert "Apache License" in (ROOT / files[0]).read_text(encoding="utf-8")[:200]
    setuptools = next(r for r in PYPROJECT["build-system"]["requires"] if r.startswith("setuptools"))
    assert tuple(map(int, re.search(r">=\s*([\d.]+)", setuptools).group(1).split("."))) >= (77,)


def test_every_folder_with_package_data_is_a_package():
    tool = PYPROJECT["tool"]["setuptools"]
    folders = {name: ROOT / path for name, path in tool["package-dir"].items()}

    def folder(package: str) -> Path:
        top = max((name for name in folders if package == name or package.startswith(name + ".")), key=len)
        return folders[top].joinpath(*package[len(top):].strip(".").split(".")) if package != top else folders[top]

    for package, patterns in tool["package-data"].items():
        assert package in tool["packages"], package
        for pattern in patterns:
            assert "/" not in pattern, (package, pattern)  # a subfolder's files belong to its own package
            assert list(folder(package).glob(pattern)), (package, pattern)
