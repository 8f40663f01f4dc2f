"""`Authorization: Bearer <token>` for scripts, with personal tokens made on the profile page."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from rest_framework import authentication, exceptions

from talentloop.accounts.models import PersonalToken, hash_token

LAST_USED_RESOLUTION = timedelta(minutes=1)


class PersonalTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Authorization header: expected 'Bearer <token>'.")
        try:
            secret = header[1].decode()
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed("Authorization header: the token is not valid text.") from exc
        token = PersonalToken.objects.select_related("user").filter(key_hash=hash_token(secret)).first()
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed("Authorization header: unknown or revoked token.")
        now = timezone.now()
        # A write per API call would serialise readers on SQLite and cost a commit each; a minute is precise enough.
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
            PersonalToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return (token.user, token)

    def authenticate_header(self, request):
        return self.keyword
