"""The navigation's "Inbox (N)": the unread count of the signed-in person, counted once, only if rendered."""

from __future__ import annotations

from functools import cached_property

from talentloop.notifications.services import unread_count


class Inbox:
    def __init__(self, user) -> None:
        self._user = user

    @cached_property
    def unread(self) -> int:
        return unread_count(self._user)


def inbox(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"inbox": Inbox(user)}
