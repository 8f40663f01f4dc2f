"""The analytics pages: who may open them, the filter form and its errors, suppressed cells, the chart's data island
and the CSV link."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client

from talentloop.analytics.services import run_metric
from talentloop.analytics.tests.builders import set_min_group
from talentloop.people.models import Department


def _island(response) -> dict:
    found = re.search(r'<script id="analytics-data" type="application/json">(.*?)</script>', response.content.decode(), re.S)
    assert found, "no data island"
    return json.loads(found.group(1))


def _row(response, label: str) -> str:
    found = re.search(rf'<tr><th scope="row">{label}</th>(.*?)</tr>', response.content.decode(), re.S)
    assert found, f"no row {label}"
    return found.group(1)


@pytest.mark.parametrize("who", ["employee", "manager", "owner", "outsider"])
@pytest.mark.parametrize("url", ["/analytics/", "/analytics/adoption/", "/analytics/fairness/"])
def test_everyone_else_is_refused(org, who, url):
    response = org.client(getattr(org, who)).get(url)
    assert response.status_code == 403
    assert "L&amp;OD admins and talent admins" in response.content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(org):
    response = Client().get("/analytics/adoption/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_an_lod_admin_sees_every_metric_but_the_bias_audit(org):
    client = org.client(org.lod_admin)
    index = client.get("/analytics/")
    assert index.status_code == 200
    assert 'href="/analytics/marketplace/"' in index.content.decode()
    assert 'href="/analytics/fairness/"' not in index.content.decode()
    assert client.get("/analytics/skills/").status_code == 200
    assert client.get("/analytics/fairness/").status_code == 403


def test_a_talent_admin_opens_every_metric_including_the_bias_audit(org):
    client = org.client(org.talent_admin)
    index = client.get("/analytics/").content.decode()
    names = re.findall(r'href="/analytics/([-a-z]+)/"', index)
    assert names[-1] == "fairness" and len(names) == 9
    for name in names:
        assert client.get(f"/analytics/{name}/").status_code == 200, name


def test_the_nav_links_the_pages_for_admins_only(org):
    assert 'href="/analytics/"' in org.client(org.lod_admin).get("/").content.decode()
    assert 'href="/analytics/"' not in org.client(org.employee).get("/").content.decode()


def test_an_unknown_metric_is_a_404(org):
    assert org.client(org.talent_admin).get("/analytics/happiness/").status_code == 404


@pytest.mark.parametrize(("query", "field", "message"), [
    ("start=2025-13-01", "start", "Must be a date as YYYY-MM-DD."),
    ("start=2025-06-01&end=2025-01-01", "end", "Must be on or after the start."),
    ("department=nowhere", "department", "Unknown department: nowhere."),
])
def test_a_bad_filter_is_a_form_error_on_its_field(org, query, field, message):
    response = org.client(org.talent_admin).get(f"/analytics/marketplace/?{query}")
    assert response.status_code == 400
    html = response.content.decode()
    assert f'<small class="field-error" id="id_{field}_error">{message}</small>' in html
    assert 'aria-invalid="true"' in html
    assert "analytics-data" not in html and "Download CSV" not in html


def test_a_filter_the_metric_does_not_take_is_a_form_error_and_not_a_field(org):
    response = org.client(org.talent_admin).get("/analytics/adoption/?type=gig")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'name="type"' not in html  # adoption's form has no type
    assert "This metric cannot be filtered by it." in html


def test_the_form_shows_only_the_filters_the_metric_takes_and_the_period_used(org):
    html = org.client(org.talent_admin).get("/analytics/fairness/?start=2025-01-01&end=2025-12-31").content.decode()
    assert 'name="start" value="2025-01-01"' in html and 'name="end" value="2025-12-31"' in html
    assert 'name="department"' not in html and 'name="location"' not in html
    html = org.client(org.talent_admin).get("/analytics/marketplace/?department=finance").content.decode()
    assert '<option value="finance" selected>Finance</option>' in html
    assert 'name="type"' in html


def test_suppressed_cells_read_fewer_than_the_minimum_and_never_a_number(org):
    # Engineering has 3 people (Maria, Ada, Carl): fewer than 10, so every figure about them is hidden.
    response = org.client(org.talent_admin).get("/analytics/adoption/?start=2025-01-01&end=2025-12-31&department=engineering")
    row = _row(response, "Engineering")
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    assert len(cells) == 7
    assert all("fewer than 10" in cell for cell in cells)
    assert not re.search(r">\s*\d", row)
    assert 'aria-describedby="suppressed-explained"' in row
    # Engineering's 7 cells and those of the "All departments" total that would give them back.
    assert re.search(r"Profiles by department [^<]* \(14 cells hidden: fewer than 10 people\)</caption>", response.content.decode())


def test_the_data_island_holds_each_table_as_the_api_answers_it(org):
    set_min_group(1)
    query = {"start": "2025-01-01", "end": "2025-12-31"}
    response = org.client(org.lod_admin).get("/analytics/adoption/", query)
    island = _island(response)
    expected = run_metric(org.personas(org.lod_admin), "adoption", query).as_dict()
    assert island["min_group"] == 1
    assert [t["key"] for t in island["tables"]] == [t["key"] for t in expected["tables"]]
    for got, want in zip(island["tables"], expected["tables"], strict=True):
        assert {k: got[k] for k in want} == want
    profiles = island["tables"][0]
    assert profiles["labels"]["x"] == ["Engineering", "Finance", "All departments"]
    assert profiles["rows"][0]["headcount"] == 3
    assert profiles["headers"]["completed_pct"].endswith("(%)")
    months = island["tables"][1]
    assert months["labels"]["x"][:2] == ["January 2025", "February 2025"]
    # The table shows the same figure the chart draws.
    assert re.search(r"<td[^>]*>3</td>", _row(response, "Engineering"))


def test_a_total_row_is_in_the_table_foot_and_marked_for_the_chart_to_leave_out(org):
    set_min_group(1)
    response = org.client(org.lod_admin).get("/analytics/adoption/?start=2025-01-01&end=2025-12-31")
    profiles = _island(response)["tables"][0]
    # Engineering, Finance, then the total: the chart (static/js/analytics.js) draws rows 0 and 1 only.
    assert profiles["total_rows"] == [2]
    assert profiles["labels"]["x"][2] == "All departments"
    html = response.content.decode()
    section = re.search(r'id="table-profiles".*?</section>', html, re.S).group(0)
    body = re.search(r"<tbody>(.*?)</tbody>", section, re.S).group(1)
    foot = re.search(r"<tfoot>(.*?)</tfoot>", section, re.S).group(1)
    assert "All departments" not in body and "Engineering" in body
    # Headcount: Engineering's 3 (Maria, Ada, Carl) and Finance's 1 (Olga).
    assert re.search(r'<tr><th scope="row">All departments</th><td class="number">4</td>', foot)
    # A table without a total has no foot.
    monthly = re.search(r'id="table-monthly_active".*?</section>', html, re.S).group(0)
    assert "<tfoot>" not in monthly


def test_a_chart_with_every_figure_hidden_is_left_out_and_says_why(org):
    # Engineering has 3 people: every share in the profiles chart is hidden, so there is nothing to draw.
    html = org.client(org.talent_admin).get("/analytics/adoption/?start=2025-01-01&end=2025-12-31&department=engineering")
    section = re.search(r'id="table-profiles".*?</section>', html.content.decode(), re.S).group(0)
    assert 'data-chart="profiles"' not in section and "<canvas" not in section
    assert "No chart: every figure it would draw is hidden (fewer than 10 people)." in section
    # With a minimum group of 1 the same figures are shown, and drawn.
    set_min_group(1)
    html = org.client(org.talent_admin).get("/analytics/adoption/?start=2025-01-01&end=2025-12-31&department=engineering")
    section = re.search(r'id="table-profiles".*?</section>', html.content.decode(), re.S).group(0)
    assert 'data-chart="profiles"' in section and "No chart" not in section


def test_the_data_island_gives_suppressed_cells_as_null_for_the_chart_to_skip(org):
    island = _island(org.client(org.talent_admin).get("/analytics/adoption/?department=engineering"))
    profiles = island["tables"][0]
    assert profiles["rows"][0]["completed_pct"] is None
    assert {"row": 0, "column": "completed_pct"} in profiles["suppressed"]


def test_the_csv_link_carries_the_filters_and_answers_the_same_tables(org):
    client = org.client(org.talent_admin)
    html = client.get("/analytics/marketplace/?start=2025-01-01&end=2025-12-31&department=finance&type=gig").content.decode()
    link = re.search(r'<a href="([^"]+)" download>Download CSV</a>', html).group(1).replace("&amp;", "&")
    assert link == "/api/v1/analytics/marketplace.csv?start=2025-01-01&end=2025-12-31&department=finance&type=gig"
    response = client.get(link)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    body = response.content.decode()
    assert "period,2025-01-01,2025-12-31" in body and "department,finance" in body and "type,gig" in body


def test_the_csv_link_of_the_default_period_names_it(org):
    html = org.client(org.talent_admin).get("/analytics/retention/").content.decode()
    assert re.search(r'href="/api/v1/analytics/retention\.csv\?start=\d{4}-\d\d-\d\d&amp;end=\d{4}-\d\d-\d\d"', html)


def test_a_metric_page_takes_a_fixed_number_of_queries(org, django_assert_max_num_queries):
    client = org.client(org.talent_admin)
    client.get("/analytics/skills/")  # the process's first page fills caches (content types, the inbox count)
    # 17 measured: session, user, groups, the department's check, the settings, the metric's aggregate queries (see
    # test_query_counts), the department and location choices of the form.
    with django_assert_max_num_queries(20):
        assert client.get("/analytics/skills/?department=engineering").status_code == 200


def test_the_table_escapes_names(org):
    org.colleague.department = Department.objects.create(slug="lab", name="R&D <Lab>")
    org.colleague.save()
    html = org.client(org.talent_admin).get("/analytics/adoption/").content.decode()
    assert '<th scope="row">R&amp;D &lt;Lab&gt;</th>' in html
    assert "<Lab>" not in html
