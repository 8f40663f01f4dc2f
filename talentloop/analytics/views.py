"""The analytics pages for L&OD admins and talent admins: the metrics they may read, and one metric's tables, each
with a chart (drawn in the browser by static/js/analytics.js from a JSON data island), an accessible table and the
filters as a form. The figures and the permissions come from `services`; a bad filter goes back on the form."""

from __future__ import annotations

import datetime as dt
import re
from html import escape
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe

from talentloop.accounts.forms import Form, add_domain_errors
from talentloop.accounts.personas import personas
from talentloop.accounts.views import domain_error_response
from talentloop.analytics.filters import DEPARTMENT, LOCATION, TYPE
from talentloop.analytics.metrics import METRICS
from talentloop.analytics.services import run_metric, visible_metrics
from talentloop.analytics.tables import HEATMAP, NONE, Result, Table
from talentloop.errors import DomainError, InvalidInput
from talentloop.marketplace.lifecycle import OPPORTUNITY_TYPE_LABELS, OpportunityType
from talentloop.people.models import Department, Location

DATE = forms.DateInput(attrs={"type": "date"})


class FiltersForm(Form):
    """The filters one metric takes. The fields take any text: `filters.parse_filters` checks the values, for the
    pages and the API alike, and its errors are put back on the fields they name."""

    start = forms.CharField(label="From", required=False, widget=DATE)
    end = forms.CharField(label="To (inclusive)", required=False, widget=DATE,
                          help_text="Empty: the twelve months ending on this day, or today.")
    department = forms.CharField(label="Department", required=False, widget=forms.Select)
    location = forms.CharField(label="Location", required=False, widget=forms.Select)
    type = forms.CharField(label="Opportunity type", required=False, widget=forms.Select)

    def __init__(self, data: dict[str, str], accepted: tuple[str, ...]):
        super().__init__(data)
        for name in list(self.fields):
            if name not in accepted:
                del self.fields[name]
        choices = {
            DEPARTMENT: lambda: [("", "All departments"), *Department.objects.values_list("slug", "name")],
            LOCATION: lambda: [("", "All locations"), *Location.objects.values_list("slug", "name")],
            TYPE: lambda: [("", "All types"), *((t.value, OPPORTUNITY_TYPE_LABELS.get(t, t.value)) for t in OpportunityType)],
        }
        for name, make in choices.items():
            if name in self.fields:
                self.fields[name].widget.choices = make()


@login_required
def index(request: HttpRequest) -> HttpResponse:
    try:
        metrics = visible_metrics(personas(request))
    except DomainError as exc:
        return domain_error_response(request, exc)
    return render(request, "analytics/index.html", {"metrics": metrics})


@login_required
def metric(request: HttpRequest, name: str) -> HttpResponse:
    params = {key: request.GET[key] for key in request.GET}
    try:
        result = run_metric(personas(request), name, params)
    except InvalidInput as exc:  # raised only once the reader may see the metric
        form = FiltersForm(params, METRICS[name].filters)
        form.is_valid()
        add_domain_errors(form, exc)
        return render(request, "analytics/metric.html", {"metric": METRICS[name], "form": form}, status=400)
    except DomainError as exc:
        return domain_error_response(request, exc)
    # The form shows the filters the figures were computed for (the default period filled in).
    used = {key: value.isoformat() if isinstance(value, dt.date) else value for key, value in result.filters.items()}
    form = FiltersForm(used, METRICS[name].filters)
    query = urlencode({key: value for key, value in used.items() if value and key in form.fields})
    return render(request, "analytics/metric.html", {
        "metric": METRICS[name], "form": form, "result": result,
        "tables": [_table_view(table, result.min_group) for table in result.tables],
        "chart_data": _chart_data(result),
        "csv_url": f"{reverse('api:analytics-metric-csv', args=[name, 'csv'])}?{query}",
    })


def _header(column) -> str:
    """The label with its unit, unless the label says it already ("Hours unlocked", "Matches made (offers)")."""
    said = column.unit.lower() in re.findall(r"\w+|%", column.label.lower())
    return f"{column.label} ({column.unit})" if column.unit and not said else column.label


def cell_text(value: Any, column_key: str = "") -> str:
    """A figure as the table shows it; None (no figure at all) is a dash."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return f"{value:,}"
    if isinstance(value, dt.date):
        return value.strftime("%B %Y") if column_key == "month" and value.day == 1 else value.isoformat()
    return str(value)


def _table_view(table: Table, min_group: int) -> dict:
    """The table as the template writes it: header texts with units, the body and the foot (see `_body`)."""
    totals = set(table.total_rows)
    chart = table.chart.kind if _drawable(table, totals) else NONE
    value_column = table.column(table.chart.value) if chart == HEATMAP else None
    return {
        "key": table.key, "title": table.title, "note": table.note, "chart": chart,
        "undrawn": chart == NONE and table.chart.kind != NONE and bool(table.rows),
        "heatmap_value": _header(value_column) if value_column else "",
        "headers": [_header(c) for c in table.columns], "suppressed": len(table.suppressed),
        "body": _body(table, min_group, [i for i in range(len(table.rows)) if i not in totals]),
        "foot": _body(table, min_group, sorted(totals)),
    }


def _drawable(table: Table, totals: set[int]) -> bool:
    """Whether the chart would draw anything: a figure (zero is one; a hidden cell is not) in a row that is not a
    total. A chart of nothing but hidden cells is left out (the page says why) rather than drawn as empty axes."""
    keys = (table.chart.value,) if table.chart.kind == HEATMAP else table.chart.series
    return any(row[key] is not None for i, row in enumerate(table.rows) if i not in totals for key in keys)


def _body(table: Table, min_group: int, indexes: list[int]) -> str:
    """The table's rows at `indexes` as HTML (the page puts the total rows in the table's foot): the first label
    column is the row's header, a suppressed cell reads "fewer than N" (never a number). Written here rather than as
    a template loop because a heatmap has thousands of cells (1,463 rows of 10 on the 2,000-person demo): 15,000
    cells take about 0.02 s here. Every text is escaped."""
    row_header = next((c.key for c in table.columns if c.is_label), None)
    hidden = set(table.suppressed)
    fewer = f'<td class="suppressed"><span aria-describedby="suppressed-explained">fewer than {min_group}</span></td>'
    rows = []
    for i in indexes:
        row = table.rows[i]
        cells = []
        for c in table.columns:
            if c.key == row_header:
                cells.append(f'<th scope="row">{escape(cell_text(row[c.key], c.key))}</th>')
            elif (i, c.key) in hidden:
                cells.append(fewer)
            else:
                cells.append(f'<td class="{"label" if c.is_label else "number"}">{escape(cell_text(row[c.key], c.key))}</td>')
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return mark_safe("\n".join(rows))  # noqa: S308 -- built above from escaped texts and fixed markup


def _chart_data(result: Result) -> dict:
    """The data island: the tables as the API answers them (suppressed cells are null; `total_rows`, which the chart
    leaves out), plus the text of each row's x (and y) label so that the chart reads like the table."""
    tables = []
    for table in result.tables:
        data = table.as_dict()
        chart = table.chart
        data["labels"] = {
            axis: [cell_text(row[key], key) for row in table.rows]
            for axis, key in (("x", chart.x), ("y", chart.y)) if key
        }
        data["headers"] = {c.key: _header(c) for c in table.columns}
        tables.append(data)
    return {"min_group": result.min_group, "tables": tables}
