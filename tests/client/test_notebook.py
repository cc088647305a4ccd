"""examples/tour.ipynb runs top to bottom (nbclient) on a store holding the bundled report, in a kernel of this
Python (a kernel spec written to a temporary directory: no user-level kernel is needed), and shows the report's
facts: 13 submitting member states, the Russian Federation's four contributions, the meeting's date."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from nbclient import NotebookClient

from bundled import bundled_store
from conftest import ROOT

TOUR = ROOT / "examples" / "tour.ipynb"


def test_the_examples_are_found_with_their_outputs_cleared():
    notebooks = sorted((ROOT / "examples").glob("*.ipynb"))
    assert TOUR in notebooks
    for path in notebooks:
        notebook = nbformat.read(path, as_version=4)
        nbformat.validate(notebook)
        code = [cell for cell in notebook.cells if cell.cell_type == "code"]
        assert code and all(not cell.outputs and cell.execution_count is None for cell in code), path


def kernel_of_this_python(folder: Path) -> str:
    """The name of a kernel spec written in `folder`/kernels (put `folder` on JUPYTER_PATH to find it) that runs
    `sys.executable -m ipykernel_launcher`, whatever kernels the user has (or not)."""
    spec = folder / "kernels" / "itukg-test"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "itukg test", "language": "python"}))
    return spec.name


def outputs(cell) -> str:
    """The text a code cell showed: its stream output and its results' plain text."""
    parts = []
    for output in cell.get("outputs", []):
        if output.output_type == "stream":
            parts.append(output.text)
        elif output.output_type in ("execute_result", "display_data"):
            parts.append(output.data.get("text/plain", ""))
    return "".join(parts)


@pytest.fixture(scope="module")
def ran(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tour")
    store = bundled_store(folder)
    notebook = nbformat.read(TOUR, as_version=4)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ITUKG_STORE", str(store))  # the kernel inherits the environment
        patch.setenv("JUPYTER_PLATFORM_DIRS", "1")
        patch.setenv("JUPYTER_PATH", str(folder / "jupyter"))
        kernel = kernel_of_this_python(folder / "jupyter")
        assert KernelSpecManager().get_kernel_spec(kernel).argv[0] == sys.executable
        client = NotebookClient(notebook, kernel_name=kernel, timeout=300,
                                resources={"metadata": {"path": str(folder)}})
        client.execute()
    return [outputs(cell) for cell in notebook.cells if cell.cell_type == "code"]


def test_the_tour_runs_top_to_bottom(ran):
    assert len(ran) >= 10
    assert not any("Traceback" in text or "Error" in text for text in ran)


def test_the_tour_shows_the_facts_of_the_bundled_report(ran):
    shown = "\n".join(ran)
    assert "13 member states submitted documents" in shown
    assert "RUS submitted 4 documents: CWG-Internet-18/3, CWG-Internet-18/5, CWG-Internet-18/6, " \
           "CWG-Internet-18/7" in shown
    assert "meeting 18 opened on 18 October 2023" in shown
    assert "EmbeddedGraph" in shown and "submissions" in shown
    assert "13 states," in shown
