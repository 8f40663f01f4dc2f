"""Ed25519 keys and compact JWS (RFC 7515) signing with them: the few lines a VC-JWT needs, on `cryptography`.

The private key is kept as encrypted PKCS#8 whose password is derived from SECRET_KEY, so a database dump
alone does not give away the organisation's signature."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _password() -> bytes:
    # A separate derivation, so the password is not the SECRET_KEY itself nor any other value derived from it.
    return hmac.new(settings.SECRET_KEY.encode(), b"talentloop.credentials.signing-key", hashlib.sha256).digest()


def new_key() -> tuple[str, str, str]:
    """A fresh key: (kid, public PEM, encrypted private PEM)."""
    private = Ed25519PrivateKey.generate()
    public_pem = private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()
    private_pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(_password()),
    ).decode()
    return f"key-{secrets.token_hex(8)}", public_pem, private_pem


class KeyUnreadable(Exception):
    """The stored private key does not decrypt: SECRET_KEY changed since it was made, or it was retired."""


def load_private(private_pem: str) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(private_pem.encode(), password=_password())
    except (ValueError, TypeError) as exc:
        raise KeyUnreadable(
            "The credentials signing key cannot be read with this SECRET_KEY: run `talentloop credentials-key rotate`."
        ) from exc
    assert isinstance(key, Ed25519PrivateKey)
    return key


def load_public(public_pem: str) -> Ed25519PublicKey:
    key = serialization.load_pem_public_key(public_pem.encode())
    assert isinstance(key, Ed25519PublicKey)
    return key


def public_jwk(public_pem: str, kid: str) -> dict:
    raw = load_public(public_pem).public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return {"kty": "OKP", "crv": "Ed25519", "x": b64url(raw), "kid": kid, "alg": "EdDSA", "use": "sig"}


def sign_compact(payload: dict, private_pem: str, kid: str) -> str:
    """header.payload.signature, with alg EdDSA (RFC 8037)."""
    header = {"alg": "EdDSA", "typ": "JWT", "kid": kid}
    signing_input = ".".join(b64url(json.dumps(part, separators=(",", ":")).encode()) for part in (header, payload))
    signature = load_private(private_pem).sign(signing_input.encode("ascii"))
    return f"{signing_input}.{b64url(signature)}"


def read_compact(token: str) -> tuple[dict, dict, bytes, bytes]:
    """(header, payload, signing input, signature) without checking anything; ValueError when malformed."""
    parts = token.split(".")
    if len(parts) != 3:
        raise ValueError("a compact JWS has three parts")
    try:
        header = json.loads(b64url_decode(parts[0]))
        payload = json.loads(b64url_decode(parts[1]))
        signature = b64url_decode(parts[2])
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValueError(f"not a compact JWS: {exc}") from exc
    if not isinstance(header, dict) or not isinstance(payload, dict):
        raise ValueError("header and payload must be JSON objects")
    return header, payload, f"{parts[0]}.{parts[1]}".encode("ascii"), signature


def signature_is_valid(public_pem: str, signing_input: bytes, signature: bytes) -> bool:
    try:
        load_public(public_pem).verify(signature, signing_input)
    except InvalidSignature:
        return False
    return True
