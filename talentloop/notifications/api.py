"""The public interface of notifications: other apps import this module only, never the models.

    from talentloop.notifications.api import notify
    notify(manager.user, "release_requested", f"Release {name} for “{title}”?", body, url, actor=request_user)

`notify` writes the inbox row in the caller's transaction, so a write that rolls back leaves no notification,
and queues the email only once that transaction commits.
"""

from __future__ import annotations

from django.contrib.auth.models import User

from talentloop.notifications import services
from talentloop.notifications.kinds import CATEGORIES, KIND_CATEGORY, KINDS

__all__ = ["CATEGORIES", "KINDS", "KIND_CATEGORY", "notify"]

TITLE_MAX = 200
BODY_MAX = 10000
URL_MAX = 500


def notify(recipient: User, kind: str, title: str, body: str = "", url: str = "", *, actor: User | None = None) -> None:
    """Tell `recipient` about something: an inbox entry now, an email after commit if their preferences want one.

    `url` is a path inside Talentloop ("/applications/<uuid>/"), never a full address: the email adds the site's
    base URL, and the inbox only ever redirects inside the site. Nobody is told about their own action (actor ==
    recipient), and an account that is not active gets nothing. Raises ValueError for an unknown kind or a
    url that is not an internal path: both are programming errors, not user input.
    """
    if kind not in KINDS:
        raise ValueError(f"Unknown notification kind {kind!r}; expected one of: {', '.join(KINDS)}.")
    if not title.strip():
        raise ValueError("A notification needs a title.")
    if url and not is_internal_path(url):
        raise ValueError(f"url must be a path inside Talentloop starting with a single '/', not {url!r}.")
    if len(url) > URL_MAX:
        raise ValueError(f"url is longer than {URL_MAX} characters.")
    if actor is not None and actor.pk == recipient.pk:
        return
    if not recipient.is_active:
        return
    services.create_notification(
        recipient, kind, _one_line(title, TITLE_MAX), _clip(body.strip(), BODY_MAX), url, actor=actor
    )


def is_internal_path(url: str) -> bool:
    """A path on this site: "/x/...". Not "//host/x" or "/\\host" (both leave the site), no scheme, no spaces."""
    return (
        url.startswith("/")
        and not url.startswith(("//", "/\\"))
        and not any(c.isspace() or ord(c) < 32 for c in url)
    )


def _one_line(text: str, limit: int) -> str:
    """Titles become email subjects: one line (a newline in a subject is refused by the mail library)."""
    return _clip(" ".join(text.split()), limit)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
