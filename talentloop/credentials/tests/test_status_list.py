"""The W3C Bitstring Status List: openbadgeslib (not written here) checks a credential's status through it,
verifying the list's own signature, and refuses a revoked credential.

The CLI's --check-status fetches over HTTPS only, so the library's verifier is called in process with a fetcher
that asks the test client for the URL the credential names."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.test import Client
from openbadgeslib.ob3 import OB3VerificationError
from openbadgeslib.ob3.verifier import OB3Verifier

from talentloop.accounts.personas import Personas
from talentloop.credentials import keys, services
from talentloop.credentials.models import STATUS_LIST_BITS
from talentloop.credentials.tests.conftest import add_evidence


def fetch(url: str) -> bytes:
    response = Client().get(urlsplit(url).path)
    assert response.status_code == 200, url
    return response.content


@pytest.fixture
def issued(org, python_practitioner):
    add_evidence(org.employee, "python", 3)
    [credential] = services.evaluate_and_issue(org.employee)
    return credential


def verify_with_status(credential):
    verifier = OB3Verifier(pubkey_pem=credential.signing_key.public_key_pem)
    return verifier.verify(credential.jwt, check_status=True, verify_status_list=True, download=fetch)


def test_a_valid_credential_passes_the_status_check(issued):
    entry = issued.document["credentialStatus"]
    assert entry["type"] == "BitstringStatusListEntry" and entry["statusPurpose"] == "revocation"
    assert int(entry["statusListIndex"]) == issued.status_index % STATUS_LIST_BITS
    assert verify_with_status(issued).achievement.name == "Python practitioner"


def test_a_revoked_credential_fails_it(org, issued):
    services.revoke(Personas(org.lod_admin), issued, "Assessment withdrawn.")
    with pytest.raises(OB3VerificationError, match="Credential status 'revocation' is set"):
        verify_with_status(issued)


def test_revoking_one_credential_leaves_the_others_valid(org, python_practitioner, issued):
    add_evidence(org.colleague, "python", 4)
    [other] = services.evaluate_and_issue(org.colleague)
    services.revoke(Personas(org.lod_admin), other, "Issued by mistake.")
    assert verify_with_status(issued)
    with pytest.raises(OB3VerificationError):
        verify_with_status(other)


def test_the_list_is_signed_by_the_issuer(issued):
    token = Client().get("/credentials/status/0").content.decode()
    assert keys.read_compact(token)[0] == {"alg": "EdDSA", "typ": "JWT", "kid": issued.signing_key.kid}
    assert OB3Verifier(pubkey_pem=issued.signing_key.public_key_pem)._decode_payload(token)["issuer"] == services.issuer_id()
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    with pytest.raises(OB3VerificationError):
        OB3Verifier(pubkey_pem=issued.signing_key.public_key_pem)._decode_payload(forged)


def test_lists_that_do_not_exist_are_404(issued):
    assert Client().get("/credentials/status/1").status_code == 404
