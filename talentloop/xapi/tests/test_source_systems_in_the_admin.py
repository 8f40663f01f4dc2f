"""L&OD admins add source systems in the Django admin and see the secret once; others cannot."""

from __future__ import annotations

import base64
import importlib
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client

from talentloop.accounts.personas import LOD_ADMIN_GROUP
from talentloop.xapi.models import SourceSystem

grants = importlib.import_module("talentloop.xapi.migrations.0002_grant_xapi_to_lod_admins")


@pytest.fixture(autouse=True)
def _lod_admin_grants(db):
    """The data migration's grants, again: a transactional test that ran earlier in this process (live server,
    browser) flushes every table, the groups' permissions with them."""
    group, _ = Group.objects.get_or_create(name=LOD_ADMIN_GROUP)
    group.permissions.add(*Permission.objects.filter(content_type__app_label="xapi", codename__in=grants.GRANTS))


def test_an_lod_admin_adds_a_source_system_and_sees_its_secret_once(org):
    client = org.client(org.lod_admin)
    response = client.post("/admin/xapi/sourcesystem/add/", {"name": "Workday Learning", "is_active": "on"}, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    found = re.search(r"user name <code>(xapi_\w+)</code>, secret <code>([\w-]+)</code>", page)
    assert found, page
    key, secret = found.groups()
    system = SourceSystem.objects.get(name="Workday Learning")
    assert system.key == key
    assert secret not in system.secret_hash
    auth = "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode()
    assert Client().get("/xapi/statements", HTTP_AUTHORIZATION=auth, HTTP_X_EXPERIENCE_API_VERSION="1.0.3").status_code == 200
    # Shown once: the change page never carries it.
    assert secret not in client.get(f"/admin/xapi/sourcesystem/{system.pk}/change/").content.decode()


def test_people_without_the_permission_cannot_add_source_systems(org):
    for who in (org.employee.user, org.outsider):
        response = org.client(who).post("/admin/xapi/sourcesystem/add/", {"name": "Rogue LMS"})
        assert response.status_code in (302, 403)
    assert not SourceSystem.objects.exists()


def test_statements_are_read_only_in_the_admin(org):
    client = org.client(org.lod_admin)
    assert client.get("/admin/xapi/statement/").status_code == 200
    assert client.get("/admin/xapi/statement/add/").status_code == 403
