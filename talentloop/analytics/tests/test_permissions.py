"""Only L&OD admins and talent admins read analytics; the bias audit keeps its own narrower permission."""

from __future__ import annotations

import pytest
from django.test import Client

from talentloop.analytics.services import run_metric
from talentloop.errors import Forbidden

URLS = ["/api/v1/analytics/", "/api/v1/analytics/adoption/", "/api/v1/analytics/adoption.csv",
        "/api/v1/analytics/marketplace/?format=csv", "/api/v1/analytics/fairness/"]


@pytest.mark.parametrize("who", ["employee", "manager", "owner", "outsider"])
@pytest.mark.parametrize("url", URLS)
def test_everyone_else_is_refused(org, who, url):
    response = org.client(getattr(org, who)).get(url)
    assert response.status_code == 403
    assert b"L&amp;OD admins and talent admins" in response.content or b"L&OD admins and talent admins" in response.content


@pytest.mark.parametrize("url", URLS)
def test_anonymous_visitors_are_refused(org, url):
    assert Client().get(url).status_code in (401, 403)


@pytest.mark.parametrize("who", ["employee", "manager", "outsider"])
def test_the_service_refuses_them_too(org, who):
    with pytest.raises(Forbidden):
        run_metric(org.personas(getattr(org, who)), "adoption", {})


def test_an_lod_admin_reads_every_metric_but_the_bias_audit(org):
    client = org.client(org.lod_admin)
    names = [m["name"] for m in client.get("/api/v1/analytics/").json()["results"]]
    assert names == ["adoption", "marketplace", "retention", "learning-to-earning", "cost", "skills", "learning-audit", "managers"]
    for name in names:
        assert client.get(f"/api/v1/analytics/{name}/").status_code == 200, name
    assert client.get("/api/v1/analytics/fairness/").status_code == 403


def test_a_talent_admin_reads_every_metric_including_the_bias_audit(org):
    client = org.client(org.talent_admin)
    results = client.get("/api/v1/analytics/").json()["results"]
    assert [m["name"] for m in results][-1] == "fairness"
    for m in results:
        assert client.get(m["url"]).status_code == 200, m["name"]
        assert client.get(m["csv_url"]).status_code == 200, m["name"]


def test_a_deactivated_admin_is_refused(org):
    org.talent_admin.is_active = False
    org.talent_admin.save()
    with pytest.raises(Forbidden):
        run_metric(org.personas(org.talent_admin), "adoption", {})
