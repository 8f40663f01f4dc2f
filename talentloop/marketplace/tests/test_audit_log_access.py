"""The audit log is for talent admins only: everyone else, the outsider first, is refused the page, its CSV and
the API, and learns nothing from the refusal."""

from __future__ import annotations

import pytest

from talentloop.testing import factories as f

URLS = ["/audit-log/", "/audit-log/csv/", "/api/v1/audit-log/"]
REFUSED = ["outsider", "employee", "manager", "owner", "colleague", "lod_admin"]


@pytest.fixture
def secret(org):
    """A confidential permanent-role application: its reason must never leak."""
    role = f.OpportunityFactory(owner=org.owner, type="permanent_role", title="Head of data")
    f.ApplicationFactory(opportunity=role, applicant=org.employee)
    return role


@pytest.mark.parametrize("who", REFUSED)
@pytest.mark.parametrize("url", URLS)
def test_everyone_but_talent_admins_is_refused(org, secret, who, url):
    response = org.client(getattr(org, who)).get(url)
    assert response.status_code == 403
    assert "Head of data" not in response.content.decode()


def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in_or_refused(client, org):
    assert client.get("/audit-log/").status_code == 302
    assert client.get("/api/v1/audit-log/").status_code in (401, 403)


@pytest.mark.parametrize("url", URLS)
def test_a_talent_admin_is_let_in(org, secret, url):
    assert org.client(org.talent_admin).get(url).status_code == 200


def test_the_home_page_links_talent_admins_to_it(org):
    assert 'href="/audit-log/"' in org.client(org.talent_admin).get("/").text
    assert 'href="/audit-log/"' not in org.client(org.employee).get("/").text
