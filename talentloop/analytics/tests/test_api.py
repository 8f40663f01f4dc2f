"""The API: filters checked (400 naming the field), JSON tables, CSV of every table with formulas escaped."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.utils import timezone

from talentloop.analytics.csv_export import csv_cell
from talentloop.analytics.filters import default_period, years_before
from talentloop.analytics.tests.builders import journey, opportunity, set_min_group
from talentloop.people.models import Department


@pytest.mark.parametrize(("query", "field"), [
    ("start=2025-13-01", "start"),
    ("end=yesterday", "end"),
    ("start=2025-06-01&end=2025-01-01", "end"),
    ("start=2020-01-01&end=2025-01-01", "start"),
    ("end=2999-01-01", "end"),
    ("department=nowhere", "department"),
    ("location=atlantis", "location"),
    ("type=holiday", "type"),
    ("colour=blue", "colour"),
])
def test_a_bad_filter_is_a_400_naming_the_field(org, query, field):
    for url in (f"/api/v1/analytics/marketplace/?{query}", f"/api/v1/analytics/marketplace.csv?{query}"):
        response = org.client(org.talent_admin).get(url)
        assert response.status_code == 400, url
    body = org.client(org.talent_admin).get(f"/api/v1/analytics/marketplace/?{query}").json()
    assert field in body["errors"]


def test_a_filter_the_metric_does_not_take_is_a_400(org):
    body = org.client(org.talent_admin).get("/api/v1/analytics/adoption/?type=gig").json()
    assert body["errors"] == {"type": ["This metric cannot be filtered by it."]}
    assert "department" in org.client(org.talent_admin).get("/api/v1/analytics/fairness/?department=finance").json()["errors"]


def test_an_unknown_metric_is_a_404(org):
    response = org.client(org.talent_admin).get("/api/v1/analytics/happiness/")
    assert response.status_code == 404
    assert "adoption" in response.json()["detail"]


def test_the_json_names_columns_units_chart_and_suppressed_cells(org):
    body = org.client(org.talent_admin).get("/api/v1/analytics/adoption/?start=2025-01-01&end=2025-12-31&department=engineering").json()
    assert body["metric"] == "adoption" and body["min_group"] == 10
    assert body["filters"] == {"start": "2025-01-01", "end": "2025-12-31", "department": "engineering", "location": "", "type": ""}
    profiles = body["tables"][0]
    assert profiles["columns"][1] == {"key": "headcount", "label": "Headcount", "unit": "people", "is_label": False}
    assert profiles["chart"] == {"kind": "bar", "x": "department", "series": ["completed_pct", "aspirations_pct", "opted_in_pct"], "y": "", "value": ""}
    # Engineering has 3 people: fewer than 10, so every figure is suppressed and listed as such.
    assert profiles["rows"][0]["headcount"] is None
    assert {"row": 0, "column": "headcount"} in profiles["suppressed"]


def test_the_default_period_is_the_twelve_months_ending_today(org):
    body = org.client(org.lod_admin).get("/api/v1/analytics/cost").json()
    today = timezone.localdate()
    assert body["filters"]["end"] == today.isoformat()
    assert body["filters"]["start"] == (years_before(today, 1) + dt.timedelta(days=1)).isoformat()
    assert default_period(dt.date(2026, 3, 1)) == (dt.date(2025, 3, 2), dt.date(2026, 3, 1))


def test_the_csv_writes_every_table_escapes_formulas_and_marks_suppressed_cells(org):
    Department.objects.filter(slug="finance").update(name="=HYPERLINK(\"http://x\")")
    set_min_group(2)
    gig = opportunity(org.owner, "gig", "2025-01-10")
    journey(gig, org.employee, ("applied", "2025-01-12"))
    for url in ("/api/v1/analytics/adoption.csv?start=2025-01-01&end=2025-12-31",
                "/api/v1/analytics/adoption/?start=2025-01-01&end=2025-12-31&format=csv"):
        response = org.client(org.talent_admin).get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert 'filename="talentloop-adoption-2025-01-01-2025-12-31.csv"' in response["Content-Disposition"]
        lines = list(csv.reader(io.StringIO(response.content.decode())))
        assert lines[0] == ["Adoption"]
        assert ["Profiles by department (people employed on the last day of the period)"] in lines
        assert ["Monthly active people"] in lines
        finance = next(line for line in lines if line and "HYPERLINK" in line[0])
        assert finance[0] == "'=HYPERLINK(\"http://x\")"  # a spreadsheet shows it as text
        # Finance has one person (Olga): fewer than 2, suppressed.
        assert finance[1] == "<2"
        engineering = next(line for line in lines if line and line[0] == "Engineering")
        assert engineering[1] == "3"


def test_negative_numbers_stay_numbers_in_the_csv(org):

    assert (csv_cell(-29.7), csv_cell("-29.7"), csv_cell(None), csv_cell(True)) == ("-29.7", "'-29.7", "", "yes")
