"""Demographic data is stored apart and read only by the bias audit: no other module of the product imports its
model or names it (the demo loader, which writes the synthetic data, and tests excepted)."""

from __future__ import annotations

import re
from pathlib import Path

import talentloop

ROOT = Path(talentloop.__file__).parent
ALLOWED = {ROOT / "demo" / "generator.py"}
MENTIONS = re.compile(r"fairness\.models|fairness import models|\bDemographic\b|demographic__|\.demographic\b")


def product_modules():
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if parts[0] == "fairness" or "tests" in parts or "migrations" in parts or path.name == "conftest.py":
            continue
        if path not in ALLOWED:
            yield path


def test_no_other_module_reads_demographic_data():
    offenders = [str(p.relative_to(ROOT)) for p in product_modules() if MENTIONS.search(p.read_text())]
    assert offenders == []

