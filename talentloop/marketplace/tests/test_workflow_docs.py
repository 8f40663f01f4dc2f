"""docs/workflows.md draws each lifecycle from the table; this keeps the drawings true."""

from __future__ import annotations

import re
from pathlib import Path

from talentloop.marketplace.lifecycle import OpportunityType, lifecycles, mermaid, opportunity_mermaid

DOC = Path(__file__).resolve().parents[3] / "docs" / "workflows.md"


def _diagrams() -> dict[str, str]:
    text = DOC.read_text()
    return {m[1]: m[2].strip() for m in re.finditer(r"<!-- lifecycle: (.+?) -->\n```mermaid\n(.*?)```", text, re.S)}


def test_the_workflow_docs_match_the_lifecycle_table():
    diagrams = _diagrams()
    for t, release in lifecycles():
        if t in (OpportunityType.PROJECT, OpportunityType.FREELANCE):
            assert mermaid(t, needs_release=release) == mermaid(OpportunityType.GIG, needs_release=True)  # drawn once, as the gig's
            continue
        key = f"{t.value} release={str(release).lower()}"
        assert diagrams.get(key) == mermaid(t, needs_release=release), key
    assert diagrams["opportunity"] == opportunity_mermaid()
