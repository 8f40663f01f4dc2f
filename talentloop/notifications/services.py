"""Writes for notifications: create (through api.notify), mark read, save preferences, and send one email.

Views, the REST API and the tasks call these; other apps call api.notify.
"""

from __future__ import annotations

import logging
from functools import partial
from uuid import UUID

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from talentloop.errors import InvalidInput, NotFound
from talentloop.notifications.kinds import CATEGORIES, KIND_CATEGORY, KINDS
from talentloop.notifications.models import DigestFrequency, Notification, NotificationPreference

logger = logging.getLogger(__name__)

EMAIL_FIELDS = tuple(f"email_{key}" for key in CATEGORIES)
PREFERENCE_FIELDS = (*EMAIL_FIELDS, "digest_frequency")


# --- preferences ---------------------------------------------------------------------------------------------


def preferences_of(user: User) -> NotificationPreference:
    """The person's saved preferences, or the defaults (unsaved: reading never writes)."""
    return NotificationPreference.objects.filter(user=user).first() or NotificationPreference(user=user)


@transaction.atomic
def update_preferences(user: User, changes: dict) -> NotificationPreference:
    """Save some of the preferences; fields left out keep their value. A bad field or value is a 400 naming it."""
    errors: dict[str, list[str]] = {}
    for name, value in changes.items():
        if name not in PREFERENCE_FIELDS:
            errors[name] = [f"Unknown preference; expected one of: {', '.join(PREFERENCE_FIELDS)}."]
        elif name == "digest_frequency":
            if value not in DigestFrequency.values:
                errors[name] = [f"Choose one of: {', '.join(DigestFrequency.values)}."]
        elif not isinstance(value, bool):
            errors[name] = ["Must be true or false."]
    if errors:
        raise InvalidInput(errors)
    pref, _ = NotificationPreference.objects.select_for_update().get_or_create(user=user)
    for name, value in changes.items():
        setattr(pref, name, value)
    pref.save()
    return pref


# --- the inbox -----------------------------------------------------------------------------------------------


def create_notification(recipient: User, kind: str, title: str, body: str, url: str, *, actor: User | None) -> Notification:
    """Called by api.notify, which has checked the input. The email waits for the caller's commit."""
    notification = Notification.objects.create(recipient=recipient, actor=actor, kind=kind, title=title, body=body, url=url)
    if recipient.email and preferences_of(recipient).wants_email(KIND_CATEGORY[kind]):
        # robust: the write has committed by then; a queue that fails must not turn the caller's success into an error.
        transaction.on_commit(partial(_enqueue_email, notification.pk), robust=True)
    return notification


def _enqueue_email(notification_id: int) -> None:
    from talentloop.notifications.tasks import send_notification_email

    send_notification_email.enqueue(notification_id)


def mark_read(user: User, public_id: UUID | str) -> Notification:
    """Mark one of the person's own notifications read (the first reading time stays). Anyone else's is a 404."""
    notification = Notification.objects.filter(recipient=user, public_id=public_id).first()
    if notification is None:
        raise NotFound("No such notification.")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
    return notification


def mark_all_read(user: User) -> int:
    """Mark every unread notification of the person read; answers how many."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


def unread_count(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


# --- email ---------------------------------------------------------------------------------------------------


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def send_email(notification_id: int) -> bool:
    """Email one notification as plain text, unless it has been emailed already or the person no longer wants it
    (preferences are read again: they may have changed since it was queued). Answers whether it was sent."""
    notification = Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    if notification is None or notification.emailed_at is not None:
        return False
    user = notification.recipient
    category = KIND_CATEGORY.get(notification.kind)
    if not user.is_active or not user.email or category is None or not preferences_of(user).wants_email(category):
        return False
    link = absolute_url(notification.url or reverse("notifications:inbox"))
    lines = [notification.body, ""] if notification.body else []
    lines += [
        f"Open in Talentloop: {link}",
        "",
        "--",
        f"You receive this email for “{CATEGORIES[category].label}” ({KINDS[notification.kind]}).",
        f"Choose what Talentloop emails you: {absolute_url(reverse('notifications:preferences'))}",
    ]
    EmailMessage(subject=notification.title, body="\n".join(lines), to=[user.email]).send()
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
    logger.info("Emailed notification %s (%s) to user %s", notification.pk, notification.kind, user.pk)
    return True
