"""A metric's tables as one CSV file: each table's title, its header (with units) and rows, a blank line between.
Text that a spreadsheet would run as a formula is escaped as the learning catalog export does."""

from __future__ import annotations

import csv
import io
from typing import Any

from talentloop.analytics.tables import Result
from talentloop.learning.catalog_csv import cell


def csv_cell(value: Any) -> str:
    """One value as a CSV cell: numbers as numbers, text guarded against formulas, None empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return str(value)  # numbers stay numbers (a negative one is not a formula)
    return cell(value.isoformat() if hasattr(value, "isoformat") else value)


def result_csv(result: Result) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    filters = result.as_dict()["filters"]
    writer.writerow([cell(result.title)])
    writer.writerow(["period", filters["start"], filters["end"]])
    for name in ("department", "location", "type"):
        if filters[name]:
            writer.writerow([name, cell(filters[name])])
    writer.writerow(["suppressed", f"fewer than {result.min_group} people"])
    for note in result.notes:
        writer.writerow(["note", cell(note)])
    for table in result.tables:
        writer.writerow([])
        writer.writerow([cell(table.title)])
        writer.writerow([cell(f"{c.label} ({c.unit})" if c.unit else c.label) for c in table.columns])
        hidden = set(table.suppressed)
        for i, row in enumerate(table.rows):
            writer.writerow([
                f"<{result.min_group}" if (i, c.key) in hidden else csv_cell(row[c.key]) for c in table.columns
            ])
        if table.note:
            writer.writerow([cell(table.note)])
    return out.getvalue()
