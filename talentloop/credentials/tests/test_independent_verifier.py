"""An Open Badges verifier not written here (PyPI openbadgeslib's `openbadges-verifier`, run as its CLI) accepts
an issued credential and rejects a tampered one.

openbadgeslib reads OB 3.0 credentials from baked badge images only (-V 3 answers "Unsupported file format" for
a bare .jwt file), so the test downloads the SVG with the VC-JWT baked in, as a holder would."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from openbadgeslib.ob3.credential import IdentityObject

from talentloop.credentials import keys, services
from talentloop.credentials.tests.conftest import add_evidence

VERIFIER = Path(sys.executable).with_name("openbadges-verifier")


@pytest.fixture
def issued(org, python_practitioner):
    org.employee.user.email = "ada@example.org"
    org.employee.user.save()
    add_evidence(org.employee, "python", 3)
    [credential] = services.evaluate_and_issue(org.employee)
    return credential


def run_verifier(tmp_path: Path, svg: bytes, recipient: str, public_pem: str) -> tuple[int, dict]:
    badge, key = tmp_path / "badge.svg", tmp_path / "issuer.pem"
    badge.write_bytes(svg)
    key.write_text(public_pem)
    done = subprocess.run(  # noqa: S603 - fixed executable, arguments built here
        [str(VERIFIER), "-i", str(badge), "-r", recipient, "-k", str(key), "-V", "3", "--json"],
        capture_output=True, text=True, timeout=60, check=False,
    )
    return done.returncode, json.loads(done.stdout)


def subject_of(credential) -> str:
    return credential.document["credentialSubject"]["id"]


def test_it_accepts_an_issued_credential(issued, client, tmp_path):
    svg = client.get(f"/credentials/{issued.public_id}.svg").content
    code, result = run_verifier(tmp_path, svg, subject_of(issued), issued.signing_key.public_key_pem)
    assert (code, result["valid"], result["trusted"]) == (0, True, True), result
    assert result["proof_format"] == "vc-jwt"
    assert result["achievement"] == "Python practitioner"
    assert result["issuer"] == "Talentloop"


def test_it_rejects_a_tampered_credential(issued, client, tmp_path):
    """Change a claim in the payload and keep the signature."""
    _, payload, _, _ = keys.read_compact(issued.jwt)
    payload["credentialSubject"]["achievement"]["name"] = "Python expert"
    forged_payload = keys.b64url(json.dumps(payload, separators=(",", ":")).encode())
    head, _, signature = issued.jwt.split(".")
    forged = f"{head}.{forged_payload}.{signature}"
    svg = client.get(f"/credentials/{issued.public_id}.svg").content.decode().replace(issued.jwt, forged).encode()
    code, result = run_verifier(tmp_path, svg, subject_of(issued), issued.signing_key.public_key_pem)
    assert (code, result["valid"]) == (1, False)
    assert "Invalid signature" in result["reason"]


def test_it_rejects_the_credential_for_someone_else(issued, client, tmp_path):
    svg = client.get(f"/credentials/{issued.public_id}.svg").content
    code, result = run_verifier(tmp_path, svg, "urn:uuid:00000000-0000-4000-8000-000000000000",
                                issued.signing_key.public_key_pem)
    assert (code, result["valid"]) == (1, False)
    assert "Recipient mismatch" in result["reason"]


def test_after_a_rotation_old_credentials_verify_with_the_old_key_only(issued, client, tmp_path):
    old_pem = issued.signing_key.public_key_pem
    new_key = services.rotate_key()
    svg = client.get(f"/credentials/{issued.public_id}.svg").content
    assert run_verifier(tmp_path, svg, subject_of(issued), old_pem)[0] == 0
    assert run_verifier(tmp_path, svg, subject_of(issued), new_key.public_key_pem)[0] == 1


def test_the_hashed_email_matches_openbadgeslibs_own_hash(issued):
    """The holder proves the credential is theirs with their email: the identifier is OB 3.0's salted SHA-256."""
    [email_id] = [i for i in issued.document["credentialSubject"]["identifier"] if i["identityType"] == "emailAddress"]
    expected = IdentityObject.create("ada@example.org", salt=email_id["salt"]).to_dict()
    assert email_id == expected
    assert "ada@example.org" not in json.dumps(issued.document)
