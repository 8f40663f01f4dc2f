"""The Open Badges 3.0 credential (W3C Verifiable Credentials data model 2.0) for one issuance, as plain JSON.

The VC-JWT payload is this document with the registered claims beside it (OB 3.0 §8.2.4.1): iss = issuer id,
sub = credentialSubject id, jti = credential id, nbf = validFrom."""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import hashlib
from dataclasses import dataclass

CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    # Defines 1EdTechJsonSchemaValidator2019, the credentialSchema type below.
    "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json",
]
TYPES = ["VerifiableCredential", "OpenBadgeCredential"]
SCHEMA = {
    "id": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json",
    "type": "1EdTechJsonSchemaValidator2019",
}


@dataclass(frozen=True)
class Issuance:
    credential_uuid: str
    subject_uuid: str
    issued_at: dt.datetime
    holder_name: str
    holder_email: str
    email_salt: str
    achievement_uuid: str
    achievement_name: str
    achievement_description: str
    criteria_narrative: str
    skill_label: str
    image_url: str
    issuer_id: str
    issuer_name: str
    issuer_url: str
    status_list_url: str
    status_list_index: int


def iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def hashed_email(email: str, salt: str) -> str:
    """OB 3.0 IdentityObject.identityHash for a hashed email: 'sha256$' + hex SHA-256 of email + salt."""
    return "sha256$" + hashlib.sha256((email + salt).encode()).hexdigest()


def credential_id(credential_uuid: str) -> str:
    return f"urn:uuid:{credential_uuid}"


def build(i: Issuance) -> dict:
    achievement: dict = {
        "id": f"urn:uuid:{i.achievement_uuid}",
        "type": ["Achievement"],
        "name": i.achievement_name,
        "description": i.achievement_description,
        "criteria": {"narrative": i.criteria_narrative},
        "tag": [i.skill_label],
    }
    if i.image_url:
        achievement["image"] = {"id": i.image_url, "type": "Image"}
    # Who: the name in plain text (what the public page shows) and the work email only as a salted hash, so the
    # holder can prove it is theirs without the document publishing their address.
    identifiers = [{"type": "IdentityObject", "identityHash": i.holder_name, "identityType": "name", "hashed": False}]
    if i.holder_email:
        identifiers.append({
            "type": "IdentityObject", "identityHash": hashed_email(i.holder_email.lower(), i.email_salt),
            "identityType": "emailAddress", "hashed": True, "salt": i.email_salt,
        })
    return {
        "@context": list(CONTEXT),
        "id": credential_id(i.credential_uuid),
        "type": list(TYPES),
        "name": i.achievement_name,
        "issuer": {"id": i.issuer_id, "type": ["Profile"], "name": i.issuer_name, "url": i.issuer_url},
        "validFrom": iso(i.issued_at),
        "credentialSubject": {
            "id": f"urn:uuid:{i.subject_uuid}",
            "type": ["AchievementSubject"],
            "identifier": identifiers,
            "achievement": achievement,
        },
        # W3C Bitstring Status List: the credential's bit in a list the issuer publishes (and signs).
        "credentialStatus": {
            "id": f"{i.status_list_url}#{i.status_list_index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(i.status_list_index),
            "statusListCredential": i.status_list_url,
        },
        "credentialSchema": [dict(SCHEMA)],
    }


def jwt_payload(document: dict, issued_at: dt.datetime) -> dict:
    return {
        **document,
        "iss": document["issuer"]["id"],
        "sub": document["credentialSubject"]["id"],
        "jti": document["id"],
        "nbf": int(issued_at.timestamp()),
    }


def status_list(list_url: str, issuer_id: str, revoked_bits: list[int], size: int, now: dt.datetime,
                valid_for: dt.timedelta) -> dict:
    """A BitstringStatusListCredential (W3C Bitstring Status List v1.0) as a VC-JWT payload: bit i set = the
    credential at index i is revoked. Index 0 is the most significant bit of the first byte."""
    bits = bytearray(size // 8)
    for index in revoked_bits:
        bits[index // 8] |= 0x80 >> (index % 8)
    encoded = "u" + base64.urlsafe_b64encode(gzip.compress(bytes(bits), mtime=0)).rstrip(b"=").decode("ascii")
    until = now + valid_for
    return {
        "@context": [CONTEXT[0]],
        "id": list_url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_id,
        "validFrom": iso(now),
        "validUntil": iso(until),
        "credentialSubject": {
            "id": f"{list_url}#list", "type": "BitstringStatusList", "statusPurpose": "revocation",
            "encodedList": encoded,
        },
        "iss": issuer_id,
        "jti": list_url,
        "nbf": int(now.timestamp()),
        "exp": int(until.timestamp()),
    }
