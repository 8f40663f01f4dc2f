"""What every metric returns: tables of plain values with their units, a chart hint and the cells suppressed.

A page draws the chart and an accessible table from a Table, the CSV export writes it and the API serialises it,
none of them knowing the metric. Suppression (docs/analytics.md, "Small groups") is decided here, by `Guard`.
No Django imports.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any


class _Suppressed:
    """A cell's value before the table is built: there is a figure, but too few people stand behind it."""

    def __repr__(self) -> str:
        return "SUPPRESSED"


SUPPRESSED: Any = _Suppressed()


class TotalRow(dict):
    """A row adding up the others ("All departments"), as `Guard.total` makes it. The table, the CSV and the API
    keep it; the chart leaves it out (`Table.total_rows`), as it would dwarf the bars it adds up."""


BAR, LINE, HEATMAP, NONE = "bar", "line", "heatmap", "none"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    unit: str = ""  # "people", "opportunities", "%", "days", "hours", a currency code...; "" for a label column
    is_label: bool = False  # names the row (a department, a month) rather than measuring something

    def as_dict(self) -> dict:
        return {"key": self.key, "label": self.label, "unit": self.unit, "is_label": self.is_label}


@dataclass(frozen=True)
class Chart:
    """How to draw the table. bar and line: one series per column in `series` over the categories in column `x`.
    heatmap: column `x` across, column `y` down, column `value` as the colour. none: the table alone."""

    kind: str = NONE
    x: str = ""
    series: tuple[str, ...] = ()
    y: str = ""
    value: str = ""

    def as_dict(self) -> dict:
        return {"kind": self.kind, "x": self.x, "series": list(self.series), "y": self.y, "value": self.value}


@dataclass
class Table:
    key: str
    title: str
    columns: list[Column]
    rows: list[dict[str, Any]]  # column key -> value; None = no figure (suppressed ones are listed in `suppressed`)
    chart: Chart = field(default_factory=Chart)
    suppressed: list[tuple[int, str]] = field(default_factory=list)  # (row index, column key)
    note: str = ""
    total_rows: tuple[int, ...] = ()  # indexes of the rows adding up others: not charted; TotalRow rows are added

    def __post_init__(self):
        keys = [c.key for c in self.columns]
        if len(set(keys)) != len(keys):
            raise ValueError(f"{self.key}: duplicate column keys")
        found = []
        for i, row in enumerate(self.rows):
            if set(row) != set(keys):
                raise ValueError(f"{self.key}: row {i} has columns {sorted(row)}, expected {sorted(keys)}")
            for key in keys:
                if row[key] is SUPPRESSED:
                    row[key] = None
                    found.append((i, key))
        self.suppressed = sorted(set(self.suppressed) | set(found))
        marked = {i for i, row in enumerate(self.rows) if isinstance(row, TotalRow)}
        self.total_rows = tuple(sorted(set(self.total_rows) | marked))

    def is_suppressed(self, row: int, key: str) -> bool:
        return (row, key) in self.suppressed

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def as_dict(self) -> dict:
        return {
            "key": self.key, "title": self.title, "columns": [c.as_dict() for c in self.columns],
            "rows": [{k: _plain(v) for k, v in row.items()} for row in self.rows],
            "chart": self.chart.as_dict(),
            "suppressed": [{"row": i, "column": key} for i, key in self.suppressed],
            "total_rows": list(self.total_rows),
            "note": self.note,
        }


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


class Guard:
    """The small-group rule (docs/analytics.md): no figure is shown about fewer than `min_group` people.

    - a count of people from 1 to min_group - 1 is suppressed (0 is shown: it is about nobody);
    - a share is shown only when its denominator has at least min_group people and both those counted and those
      not counted are 0 or at least min_group (otherwise subtracting would give the small group back);
    - any other figure (an average, a sum of hours or money) about 1 to min_group - 1 people is suppressed;
    - a count inside a larger group shown beside it is suppressed when the rest of that group is small (`within`);
    - a total is suppressed in every column where one of the rows it adds up is (see `total`), and a count that is
      the sum of others in its row when one of them is.
    """

    def __init__(self, min_group: int):
        if min_group < 1:
            raise ValueError("min_group must be at least 1")
        self.min_group = min_group

    def small(self, people: int | None) -> bool:
        return people is not None and 0 < people < self.min_group

    def count(self, people: int) -> int:
        return SUPPRESSED if self.small(people) else people

    def share(self, counted: int, people: int, *, digits: int = 1) -> float | None:
        """counted / people as a percentage."""
        if people == 0:
            return None
        if people < self.min_group or self.small(counted) or self.small(people - counted):
            return SUPPRESSED
        return round(100 * counted / people, digits)

    def counted(self, counted: int, people: int) -> int:
        """The count shown beside a share of `people`: hidden whenever the share is (the denominator minus it would
        give the rest back)."""
        return SUPPRESSED if self.share(counted, people) is SUPPRESSED else counted

    def within(self, inner: int, outer: int) -> int:
        """A count of people inside a larger group shown beside it (verified holders among holders): hidden when
        it is small or when the people of the larger group outside it are."""
        return SUPPRESSED if self.small(inner) or self.small(outer - inner) else inner

    def value(self, value: Any, people: int) -> Any:
        """A figure about `people` people (an average, a sum); None stays None (no figure at all)."""
        if value is None:
            return None
        return SUPPRESSED if self.small(people) else value

    @staticmethod
    def total(parts: Iterable[Mapping[str, Any]], values: dict[str, Any], *, keep: Iterable[str] = ()) -> TotalRow:
        """A total row: each value in `values` is suppressed where any part (a row not yet built into a Table,
        holding SUPPRESSED) is suppressed in that column; the columns in `keep` (labels) are left alone.
        Marked as a TotalRow, so that the table it goes into leaves it out of the chart."""
        kept = set(keep)
        parts = list(parts)
        out = TotalRow(values)
        for key in out:
            if key not in kept and any(part.get(key) is SUPPRESSED for part in parts):
                out[key] = SUPPRESSED
        return out


@dataclass
class Result:
    metric: str
    title: str
    filters: dict[str, Any]
    min_group: int
    tables: list[Table]
    notes: list[str] = field(default_factory=list)

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)

    def as_dict(self) -> dict:
        return {
            "metric": self.metric, "title": self.title, "filters": {k: _plain(v) for k, v in self.filters.items()},
            "min_group": self.min_group, "notes": list(self.notes), "tables": [t.as_dict() for t in self.tables],
        }
