"""The loader on generated reports (benchmarks/generate_reports.py): varied bodies, dates, officers and
their phrasing, state lists, reference forms, topics and outcomes, each with the facts the generator
wrote. The seed is fixed so that CI is deterministic; set ITUKG_TEST_SEED to explore others."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import ROOT
from itukg.api.store.embedded import OxigraphStore
from test_corpus import differences

COUNT = 40


def test_generated_reports(tmp_path):
    seed = int(os.environ.get("ITUKG_TEST_SEED", "2026"))
    generator = ROOT / "benchmarks" / "generate_reports.py"
    subprocess.run([sys.executable, str(generator), "--count", str(COUNT), "--seed", str(seed), "--out", str(tmp_path)],
                   check=True, capture_output=True)
    reports = sorted(tmp_path.glob("*-report.txt"))
    assert len(reports) == COUNT
    problems = [problem for report in reports for problem in differences(report, OxigraphStore(None))]
    assert problems == [], f"seed {seed}: replay with --seed {seed}"
