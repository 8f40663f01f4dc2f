"""Fairness: the bias audit of the fairness app, as analytics tables (computed there, never here)."""

from __future__ import annotations

from talentloop.analytics.filters import Filters
from talentloop.analytics.metrics.common import Context
from talentloop.analytics.tables import BAR, SUPPRESSED, Chart, Column, Table
from talentloop.fairness.services import run_audit


def fairness(f: Filters, ctx: Context) -> tuple[list[Table], list[str]]:
    report = run_audit(ctx.personas, start=f.start, end=f.end, min_group=ctx.guard.min_group)
    tables, notes = [], [f"Recommended = shown in the top {report.k} of a candidate list. See docs/fairness.md."]
    for stage in report.stages:
        rows = []
        for dimension in stage.figures.dimensions:
            for g in dimension.groups:
                hidden = g.suppressed
                rows.append({
                    "dimension": dimension.label, "group": g.label,
                    "people": SUPPRESSED if hidden else g.count,
                    "rate": SUPPRESSED if hidden else (None if g.rate is None else round(100 * g.rate, 1)),
                    "impact_ratio": SUPPRESSED if hidden else (None if g.impact_ratio is None else round(g.impact_ratio, 3)),
                    "below_four_fifths": SUPPRESSED if hidden else g.below_four_fifths,
                    "p_value": SUPPRESSED if hidden else (None if g.p_value is None else round(g.p_value, 4)),
                    "reference": SUPPRESSED if hidden else g.is_reference,
                })
            notes.append(f"{stage.label}, {dimension.label.lower()}: {dimension.unknown} people left out (category unknown).")
        tables.append(Table(
            key=stage.stage, title=f"Bias audit: {stage.label.lower()}",
            columns=[
                Column("dimension", "Dimension", is_label=True), Column("group", "Group", is_label=True),
                Column("people", "People", "people"),
                Column("rate", "Selection rate", "%"), Column("impact_ratio", "Impact ratio", "ratio"),
                Column("below_four_fifths", "Below four-fifths", "yes/no"),
                Column("p_value", "Fisher's exact test p-value", "p"), Column("reference", "Reference group", "yes/no"),
            ],
            rows=rows, chart=Chart(BAR, x="group", series=("impact_ratio",)), note=stage.description,
        ))
    return tables, notes
