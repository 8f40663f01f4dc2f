"""L&OD admins revoke a credential with a reason; its page, status and the revocation list say so."""

from __future__ import annotations

import pytest
from django.test import Client

from talentloop.accounts.personas import Personas
from talentloop.credentials import services
from talentloop.credentials.models import Credential
from talentloop.credentials.tests.conftest import add_evidence
from talentloop.errors import Conflict, Forbidden, InvalidInput


@pytest.fixture
def issued(org, python_practitioner):
    add_evidence(org.employee, "python", 3)
    [credential] = services.evaluate_and_issue(org.employee)
    return credential


def test_an_lod_admin_revokes_with_a_reason_from_the_page(org, issued):
    response = org.client(org.lod_admin).post(f"/credentials/{issued.public_id}/revoke/", {"reason": "Assessment withdrawn."})
    assert response.status_code == 302
    issued.refresh_from_db()
    assert issued.is_revoked and issued.revocation_reason == "Assessment withdrawn."
    assert issued.revoked_by == org.lod_admin

    anyone = Client()
    html = anyone.get(f"/credentials/{issued.public_id}/").content.decode()
    assert "revoked" in html and "Assessment withdrawn." in html
    assert "Not valid." in anyone.get(f"/credentials/{issued.public_id}/?verify=1").content.decode()
    assert anyone.get(f"/credentials/{issued.public_id}/status.json").json()["status"] == "revoked"
    listed = anyone.get("/credentials/revocations.json").json()["revokedCredentials"]
    assert [(r["id"], r["revocationReason"]) for r in listed] == [(issued.document["id"], "Assessment withdrawn.")]
    # The signed document itself does not change: revocation lives beside it, where credentialStatus points.
    assert anyone.get(f"/credentials/{issued.public_id}.json").json() == issued.document
    assert issued.document["credentialStatus"]["statusListCredential"] == "http://127.0.0.1:8000/credentials/status/0"


@pytest.mark.parametrize("who", ["employee", "manager", "talent_admin", "outsider"])
def test_nobody_else_may_revoke(org, issued, who):
    response = org.client(getattr(org, who)).post(f"/credentials/{issued.public_id}/revoke/", {"reason": "No."})
    assert response.status_code == 403
    with pytest.raises(Forbidden):
        services.revoke(org.personas(getattr(org, who)), issued, "No.")
    assert not Credential.objects.get(pk=issued.pk).is_revoked


def test_a_reason_is_required_and_revoking_twice_is_refused(org, issued):
    p = Personas(org.lod_admin)
    with pytest.raises(InvalidInput):
        services.revoke(p, issued, "  ")
    services.revoke(p, issued, "Issued by mistake.")
    with pytest.raises(Conflict):
        services.revoke(p, issued, "Again.")


def test_the_admin_action_asks_for_the_reason_then_revokes(org, issued, lod_permissions):
    admin = org.client(org.lod_admin)
    url = "/admin/credentials/credential/"
    assert admin.get(url).status_code == 200
    ask = admin.post(url, {"action": "revoke_selected", "_selected_action": [issued.pk]})
    assert ask.status_code == 200 and b"Reason" in ask.content
    admin.post(url, {"action": "revoke_selected", "_selected_action": [issued.pk], "reason": "Duplicate record."})
    issued.refresh_from_db()
    assert issued.revocation_reason == "Duplicate record."


def test_the_migration_grants_lod_admins_the_achievements(org):
    import importlib

    from django.apps import apps
    from django.contrib.auth.models import Group

    migration = importlib.import_module("talentloop.credentials.migrations.0002_grant_achievements_to_lod_admins")
    group = Group.objects.get(name="L&OD admin")
    group.permissions.clear()
    migration.grant(apps, None)
    granted = set(group.permissions.filter(content_type__app_label="credentials").values_list("codename", flat=True))
    assert granted == {"add_achievement", "change_achievement", "view_achievement", "view_credential"}
    migration.revoke(apps, None)
    assert not group.permissions.filter(content_type__app_label="credentials").exists()


def test_lod_admins_manage_achievements_in_the_admin(org, lod_permissions):
    admin = org.client(org.lod_admin)
    assert admin.get("/admin/credentials/achievement/add/").status_code == 200
    assert org.client(org.talent_admin).get("/admin/credentials/achievement/add/").status_code == 403
