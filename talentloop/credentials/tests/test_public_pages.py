"""The credential's public pages, the issuer profile, and the holder's list, download, share and hide."""

from __future__ import annotations

import pytest
from django.test import Client

from talentloop.credentials import services
from talentloop.credentials.tests.conftest import add_evidence


@pytest.fixture
def issued(org, python_practitioner):
    org.employee.user.email = "ada@example.org"
    org.employee.user.save()
    add_evidence(org.employee, "python", 3)
    [credential] = services.evaluate_and_issue(org.employee)
    return credential


def test_anyone_with_the_link_sees_who_earned_what_and_nothing_else(issued):
    page = Client().get(f"/credentials/{issued.public_id}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Ada Lovelace" in html and "Python practitioner" in html and "valid" in html
    for private in ("ada@example.org", "Software engineer", "Engineering", "Maria"):
        assert private not in html


def test_the_verify_button_checks_the_signature(issued):
    html = Client().get(f"/credentials/{issued.public_id}/?verify=1").content.decode()
    assert "Verified." in html and issued.signing_key.kid in html


def test_the_json_is_the_signed_document_and_the_jwt_downloads(issued):
    c = Client()
    doc = c.get(f"/credentials/{issued.public_id}.json")
    assert doc["Content-Type"] == "application/ld+json"
    assert doc.json() == issued.document
    jwt = c.get(f"/credentials/{issued.public_id}.jwt")
    assert jwt.content.decode() == issued.jwt
    assert "attachment" in jwt["Content-Disposition"]


def test_the_issuer_profile_names_the_organisation(issued):
    profile = Client().get("/credentials/issuer").json()
    assert profile["id"] == issued.document["issuer"]["id"] == "http://127.0.0.1:8000/credentials/issuer"
    assert profile["type"] == ["Profile"]
    assert [k["kid"] for k in profile["publicKeys"]["keys"]] == [issued.signing_key.kid]


def test_the_holder_lists_downloads_and_shares_theirs(org, issued, django_assert_max_num_queries):
    client = org.client(org.employee)
    with django_assert_max_num_queries(12):
        html = client.get("/me/credentials/").content.decode()
    assert "Python practitioner" in html
    assert f"http://127.0.0.1:8000/credentials/{issued.public_id}/" in html
    assert f"/credentials/{issued.public_id}.jwt" in html


def test_others_see_only_their_own_list(org, issued):
    assert "Python practitioner" not in org.client(org.colleague).get("/me/credentials/").content.decode()
    assert org.client(org.outsider).get("/me/credentials/").status_code == 404
    assert Client().get("/me/credentials/").status_code == 302  # to sign in


def test_a_hidden_credential_has_no_public_page_but_still_verifies_offline(org, issued):
    holder = org.client(org.employee)
    holder.post(f"/me/credentials/{issued.public_id}/visibility/", {"hidden": "1"})
    for suffix in ("/", ".json", ".jwt", ".svg", "/status.json"):
        assert Client().get(f"/credentials/{issued.public_id}{suffix}").status_code == 404
        assert org.client(org.manager).get(f"/credentials/{issued.public_id}{suffix}").status_code == 404
    assert holder.get(f"/credentials/{issued.public_id}.jwt").content.decode() == issued.jwt
    assert services.check(issued).ok
    holder.post(f"/me/credentials/{issued.public_id}/visibility/", {"hidden": "0"})
    assert Client().get(f"/credentials/{issued.public_id}/").status_code == 200


def test_nobody_else_can_hide_it(org, issued):
    org.client(org.manager).post(f"/me/credentials/{issued.public_id}/visibility/", {"hidden": "1"})
    issued.refresh_from_db()
    assert not issued.hidden


def test_an_unknown_credential_is_404(db):
    assert Client().get("/credentials/00000000-0000-4000-8000-000000000000/").status_code == 404


def test_the_api_lists_my_credentials_with_their_links(org, issued):
    body = org.client(org.employee).get("/api/v1/me/credentials/").json()
    assert [(c["achievement"], c["status"], c["share_url"]) for c in body] == [
        ("Python practitioner", "valid", f"http://127.0.0.1:8000/credentials/{issued.public_id}/")
    ]
    assert org.client(org.colleague).get("/api/v1/me/credentials").json() == []
    assert org.client(org.outsider).get("/api/v1/me/credentials/").status_code == 404
