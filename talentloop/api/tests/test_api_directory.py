"""Departments and locations: read-only lists for every employee, found by slug."""

from __future__ import annotations

from talentloop.testing import factories as f


def test_departments_list_with_their_parent(org, api):
    f.DepartmentFactory(slug="platform", name="Platform", parent=org.employee.department)
    c = api(org.employee)
    departments = c.get("/api/v1/departments/").json()["results"]
    assert {"slug": "platform", "name": "Platform", "parent": "engineering"} in departments
    assert [d["slug"] for d in c.get("/api/v1/departments/?q=plat").json()["results"]] == ["platform"]
    assert c.get("/api/v1/departments/finance/").json() == {"slug": "finance", "name": "Finance", "parent": None}
    assert c.get("/api/v1/departments/atlantis/").status_code == 404


def test_locations_list_and_filter_by_country(org, api):
    f.LocationFactory(slug="london", name="London", country="GB")
    f.LocationFactory(slug="lisbon", name="Lisbon", country="PT")
    c = api(org.employee)
    assert [loc["slug"] for loc in c.get("/api/v1/locations/").json()["results"]] == ["lisbon", "london"]
    assert c.get("/api/v1/locations/?country=pt").json()["results"] == [{"slug": "lisbon", "name": "Lisbon", "country": "PT"}]


def test_departments_and_locations_are_read_only(org, api):
    c = api(org.talent_admin)
    assert c.post("/api/v1/departments/", {"slug": "x", "name": "X"}, format="json").status_code == 405
    assert c.delete("/api/v1/locations/london/").status_code == 405
