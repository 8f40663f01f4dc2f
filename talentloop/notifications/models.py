"""Persistence for notifications: the inbox, each person's preferences, and the scheduler's memory of the
periodic tasks it has enqueued."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from talentloop.notifications.kinds import CATEGORIES, KINDS


class Notification(models.Model):
    """One message in a person's inbox. `url` is a path inside Talentloop (the email makes it absolute)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # No choices here: a new kind is a line in kinds.py, not a migration. notify() refuses unknown kinds.
    kind = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True, max_length=10000)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The navigation's unread count and the inbox's "unread first" both start from these columns.
            models.Index(fields=["recipient", "read_at", "-created_at"], name="notification_inbox_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for user {self.recipient_id}: {self.title}"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, self.kind)


class DigestFrequency(models.TextChoices):
    OFF = "off", "Off"
    DAILY = "daily", "Daily"
    WEEKLY = "weekly", "Weekly"


class NotificationPreference(models.Model):
    """What a person wants by email, per category (see kinds.py), and how often a digest of new matches.

    People without a row have the defaults: rows are written when someone saves the form or gets a digest.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference")
    email_waiting_on_you = models.BooleanField(default=CATEGORIES["waiting_on_you"].email_by_default)
    email_applications = models.BooleanField(default=CATEGORIES["applications"].email_by_default)
    email_activity = models.BooleanField(default=CATEGORIES["activity"].email_by_default)
    email_digest = models.BooleanField(default=CATEGORIES["digest"].email_by_default)
    digest_frequency = models.CharField(max_length=10, choices=DigestFrequency.choices, default=DigestFrequency.WEEKLY)
    last_digest_at = models.DateTimeField(null=True, blank=True, help_text="When this person's digest last looked for new matches.")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Notification preferences of user {self.user_id}"

    def wants_email(self, category: str) -> bool:
        return bool(getattr(self, f"email_{category}"))


class ScheduledJob(models.Model):
    """The last slot of a periodic task that the scheduler enqueued, so that a restart or a second worker
    never enqueues the same slot twice."""

    name = models.CharField(max_length=50, unique=True)
    last_slot = models.DateTimeField(help_text="The scheduled time of the last run enqueued.")
    enqueued_at = models.DateTimeField(help_text="When it was enqueued.")

    def __str__(self) -> str:
        return f"{self.name} (last slot {self.last_slot.isoformat()})"
