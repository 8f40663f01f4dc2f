"""Writes for accounts: creating and revoking personal API tokens."""

from __future__ import annotations

import secrets

from django.db import transaction

from talentloop.accounts.models import PersonalToken, hash_token
from talentloop.errors import Conflict, InvalidInput


@transaction.atomic
def create_personal_token(user, name: str) -> tuple[PersonalToken, str]:
    """Returns the token and its secret; the secret is never stored and cannot be shown again."""
    name = (name or "").strip()
    if not name:
        raise InvalidInput({"name": ["Give the token a name, e.g. the script that will use it."]})
    if len(name) > 100:
        raise InvalidInput({"name": ["At most 100 characters."]})
    if PersonalToken.objects.filter(user=user, name=name).exists():
        raise Conflict({"name": [f"You already have a token named {name!r}."]})
    secret = "tl_" + secrets.token_urlsafe(32)
    token = PersonalToken.objects.create(user=user, name=name, prefix=secret[:10], key_hash=hash_token(secret))
    return token, secret


def revoke_personal_token(user, token_id: int) -> None:
    deleted, _ = PersonalToken.objects.filter(user=user, pk=token_id).delete()
    if not deleted:
        from talentloop.errors import NotFound

        raise NotFound("No such token.")
