"""The analytics pages in Chromium: an L&OD admin opens the index, a metric with bar and line charts and the skills
heatmap, sees each chart drawn beside its table (suppressed cells left out of the chart), filters and downloads the
CSV; an employee is refused. Screenshots go to <artefacts>/screenshots/<test>/NN-<step>.png as in test_workflow_paths."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from talentloop.analytics.tests.builders import set_min_group
from talentloop.browser_tests.test_workflow_paths import Screenshots, _artifacts_root
from talentloop.people.models import EmployeeSkill
from talentloop.testing import factories as f

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

# What a drawn chart holds: its kind, whether the canvas has painted pixels, and each dataset's values.
CHART = """canvas => {
  const chart = Chart.getChart(canvas);
  const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < pixels.length; i += 4) { if (pixels[i]) painted++; }
  return {kind: chart.config.type, painted, labels: chart.data.labels, data: chart.data.datasets.map(d => d.data)};
}"""


def _build_org(org):
    """Engineering: 4 people, 3 of them verified Python practitioners; Finance: Olga alone. With a minimum group of
    3, Engineering's figures show and Finance's are hidden."""
    set_min_group(3)
    engineering = org.employee.department
    python = org.gig.skill_needs.get(need="required").skill
    f.EmployeeFactory(department=engineering)
    EmployeeSkill.objects.filter(employee=org.employee, skill=python).update(verified=True)
    for person in (org.manager, org.colleague):
        f.EmployeeSkillFactory(employee=person, skill=python, proficiency=4, verified=True)


def _sign_in(page: Page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(f.PASSWORD)
    page.get_by_label("Password").press("Enter")
    page.wait_for_url(f"{base}/")


@pytest.fixture
def shots(request) -> Screenshots:
    folder = _artifacts_root() / "screenshots" / request.node.originalname
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    return Screenshots(folder)


def _chart(page: Page, table_key: str) -> dict:
    frame = page.locator(f'[data-chart="{table_key}"]')
    expect(frame).to_have_attribute("data-drawn", "true")
    return frame.locator("canvas").evaluate(CHART)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_lod_admin_reads_charts_and_tables_filters_and_downloads_the_csv(live_server, page: Page, org, shots: Screenshots):
    _build_org(org)
    page.set_viewport_size(DESKTOP)
    _sign_in(page, live_server.url, "lena")

    # The index, from the main navigation; no bias audit for an L&OD admin.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Analytics").click()
    expect(page.get_by_role("heading", name="Analytics", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Fairness")).to_have_count(0)
    shots(page, "index")

    # Adoption: a bar chart by department and a line chart by month, each over its table.
    page.get_by_role("link", name="Adoption").click()
    expect(page.get_by_role("heading", name="Adoption", level=1)).to_be_visible()
    profiles = _chart(page, "profiles")
    assert profiles["kind"] == "bar" and profiles["painted"] > 0
    table = page.get_by_role("table", name="Profiles by department")
    expect(table.get_by_role("columnheader", name="Headcount (people)")).to_be_visible()
    expect(table.get_by_role("rowheader", name="Engineering")).to_be_visible()
    # Finance (Olga alone) is hidden in the table and left out of the chart; Engineering is drawn.
    finance = table.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Finance"))
    expect(finance.get_by_role("cell").first).to_have_text("fewer than 3")
    island = page.locator("#analytics-data").evaluate("el => JSON.parse(el.textContent).tables[0]")
    # The "All departments" total stays in the table, in its foot, but is not drawn: it would dwarf the bars.
    assert island["labels"]["x"][-1] == "All departments" and island["total_rows"] == [len(island["rows"]) - 1]
    assert profiles["labels"] == island["labels"]["x"][:-1]
    expect(table.locator("tfoot").get_by_role("rowheader", name="All departments")).to_be_visible()
    finance_row = profiles["labels"].index("Finance")
    assert all(series[finance_row] is None for series in profiles["data"])
    hidden = {(cell["row"], cell["column"]) for cell in island["suppressed"]}
    for key, series in zip(island["chart"]["series"], profiles["data"], strict=True):
        assert [value is None for value in series] == [(i, key) in hidden for i in range(len(series))], key
    # Engineering's shares of 0% (nobody with a complete profile) are drawn as 0: they are figures, not hidden ones.
    assert profiles["data"][0][profiles["labels"].index("Engineering")] == 0
    monthly = _chart(page, "monthly_active")
    assert monthly["kind"] == "line" and monthly["painted"] > 0
    expect(page.get_by_role("table", name="Monthly active people")).to_be_visible()
    shots(page, "adoption")

    # Skills: the supply and demand heatmap, only the cells with a figure drawn.
    page.goto(f"{live_server.url}/analytics/skills/")
    heatmap = _chart(page, "supply_demand")
    assert heatmap["kind"] == "matrix" and heatmap["painted"] > 0
    assert heatmap["data"][0] and all(cell["v"] is not None for cell in heatmap["data"][0])
    expect(page.get_by_role("table", name="Skills supply and demand by skill family and department")).to_be_visible()
    shots(page, "skills-heatmap")

    # Filter by department: the form keeps it, the figures follow, and the CSV link carries it.
    page.get_by_label("Department", exact=True).select_option(label="Engineering")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**department=engineering**")
    expect(page.get_by_label("Department", exact=True)).to_have_value("engineering")
    expect(page.get_by_role("status")).to_contain_text("department engineering")
    _chart(page, "supply_demand")
    shots(page, "skills-filtered")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download CSV").click()
    download = download_info.value
    assert download.suggested_filename.startswith("talentloop-skills-") and download.suggested_filename.endswith(".csv")
    body = Path(download.path()).read_text(encoding="utf-8")
    assert body.startswith("Skills supply and demand") and "department,engineering" in body
    assert "suppressed,fewer than 3 people" in body

    # A filter the page refuses is shown on its field, not as an error page.
    page.get_by_label("From", exact=True).fill("2020-01-01")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#id_start_error")).to_have_text("The period may be at most 3 years long.")
    expect(page.get_by_label("From", exact=True)).to_have_attribute("aria-invalid", "true")
    shots(page, "filter-error")

    # On a phone the charts shrink to the screen and the wide tables scroll inside their own region.
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/analytics/marketplace/")
    assert _chart(page, "by_type")["painted"] > 0
    assert _chart(page, "by_month")["kind"] == "line"
    shots(page, "marketplace-phone")
    shots.assert_saved()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_employee_is_refused_the_analytics(live_server, page: Page, org, shots: Screenshots):
    _sign_in(page, live_server.url, "ada")
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Analytics")).to_have_count(0)
    response = page.goto(f"{live_server.url}/analytics/")
    assert response is not None and response.status == 403
    expect(page.get_by_text("Analytics are open only to L&OD admins and talent admins.")).to_be_visible()
    shots(page, "employee-refused")
    shots.assert_saved()
