"""Creating and rotating the signing key: one current key, old public keys kept, private keys encrypted."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives import serialization
from django.core.management import CommandError, call_command

from talentloop.credentials import services
from talentloop.credentials.models import SigningKey


def test_create_makes_the_current_key_and_refuses_a_second(db, capsys):
    call_command("credentials-key", "create")
    key = SigningKey.objects.get()
    assert key.retired_at is None
    assert key.kid in capsys.readouterr().out
    with pytest.raises(CommandError, match="rotate"):
        call_command("credentials-key", "create")


def test_rotate_retires_the_old_key_and_keeps_its_public_half(db, client):
    old = services.create_key()
    call_command("credentials-key", "rotate")
    old.refresh_from_db()
    new = services.current_key()
    assert new.kid != old.kid
    assert old.retired_at is not None
    assert old.private_key_pem == ""  # nothing can be signed with a retired key
    published = client.get("/credentials/issuer").json()["publicKeys"]["keys"]
    assert [(k["kid"], k["status"]) for k in published] == [(old.kid, "retired"), (new.kid, "current")]
    assert {k["kty"] for k in published} == {"OKP"}
    assert {k["crv"] for k in published} == {"Ed25519"}


def test_the_private_key_is_stored_encrypted(db):
    key = services.create_key()
    assert "ENCRYPTED PRIVATE KEY" in key.private_key_pem
    with pytest.raises(TypeError):  # no password: it cannot be read from a database dump alone
        serialization.load_pem_private_key(key.private_key_pem.encode(), password=None)


def test_a_changed_secret_key_stops_issuing_with_a_clear_message_and_rotation_recovers(org, python_practitioner, settings,
                                                                                       django_capture_on_commit_callbacks):
    from talentloop.credentials import api, keys
    from talentloop.credentials.models import Credential
    from talentloop.credentials.tests.conftest import add_evidence

    services.create_key()
    settings.SECRET_KEY = "another-secret-key-for-this-test-0123456789abcdef"
    add_evidence(org.employee, "python", 3)
    with pytest.raises(keys.KeyUnreadable, match="credentials-key rotate"):
        services.evaluate_and_issue(org.employee)
    # Called from another app's write, the failure is logged, not raised into that write.
    with django_capture_on_commit_callbacks(execute=True):
        api.on_evidence_changed(org.employee.pk)
    assert not Credential.objects.exists()
    services.rotate_key()
    assert len(services.evaluate_and_issue(org.employee)) == 1
