"""Only admins with the permission to view the bias audit see it: page, API, Django admin and the home link.
The talent admin group holds it (granted by a migration); nobody else does."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from talentloop.accounts.personas import TALENT_ADMIN_GROUP
from talentloop.fairness.models import Demographic

pytestmark = pytest.mark.django_db

NOT_ALLOWED = ("lod_admin", "employee", "manager", "owner", "outsider")


def who(org, name):
    return getattr(org, name)


def test_the_talent_admin_group_holds_the_permission_and_the_talent_admin_sees_page_and_api(org):
    group = Group.objects.get(name=TALENT_ADMIN_GROUP)
    assert group.permissions.filter(codename="view_bias_audit", content_type__app_label="fairness").exists()

    c = org.client(org.talent_admin)
    page = c.get("/audit/")
    assert page.status_code == 200
    assert "Bias audit" in page.content.decode()
    api = c.get("/api/v1/audit/")
    assert api.status_code == 200
    assert [s["stage"] for s in api.json()["stages"]] == ["recommendations", "invitations", "selections"]
    assert "/audit/" in c.get("/").content.decode()  # the link on the talent admin's home section


@pytest.mark.parametrize("name", NOT_ALLOWED)
def test_everyone_else_gets_403_on_the_page_and_the_api(org, name):
    c = org.client(who(org, name))

    page = c.get("/audit/")
    assert page.status_code == 403
    assert "open only to admins with the permission" in page.content.decode()
    api = c.get("/api/v1/audit/?start=2026-01-01&end=2026-03-31")
    assert api.status_code == 403
    assert "permission" in api.json()["detail"]
    # Even bad parameters answer 403 first: nothing about the audit is revealed.
    assert c.get("/api/v1/audit/?k=zero").status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in_or_refused(client, org):
    assert client.get("/audit/").status_code == 302
    assert client.get("/api/v1/audit/").status_code in (401, 403)


def test_a_talent_admin_without_the_permission_is_refused(org):
    Group.objects.get(name=TALENT_ADMIN_GROUP).permissions.remove(
        *Group.objects.get(name=TALENT_ADMIN_GROUP).permissions.filter(codename="view_bias_audit")
    )
    c = org.client(org.talent_admin)
    assert c.get("/audit/").status_code == 403
    assert c.get("/api/v1/audit/").status_code == 403
    assert "/audit/" not in c.get("/").content.decode()


def test_demographic_data_in_the_django_admin_is_visible_only_with_the_permission(org):
    record = Demographic.objects.create(employee=org.employee, sex="female", race_ethnicity="asian")

    talent = org.client(org.talent_admin)
    assert "/admin/fairness/demographic/" in talent.get("/admin/").content.decode()
    assert talent.get("/admin/fairness/demographic/").status_code == 200
    assert talent.get(f"/admin/fairness/demographic/{record.pk}/change/").status_code == 200
    assert talent.get("/admin/fairness/recommendationexposure/").status_code == 200

    lod = org.client(org.lod_admin)
    assert "/admin/fairness/" not in lod.get("/admin/").content.decode()
    assert lod.get("/admin/fairness/demographic/").status_code == 403
    assert lod.get(f"/admin/fairness/demographic/{record.pk}/change/").status_code == 403
