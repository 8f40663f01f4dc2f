"""Source systems (the learning systems allowed to send statements) and the statements they sent, kept as sent."""

from __future__ import annotations

import hashlib
import uuid

from django.db import models
from django.utils import timezone


def hash_secret(secret: str) -> str:
    # The secret is 32 random bytes, so a fast hash is safe and keeps each xAPI request cheap.
    return hashlib.sha256(secret.encode()).hexdigest()


class SourceSystem(models.Model):
    name = models.CharField(max_length=100, unique=True, help_text="Shown on learning records as xapi:<name>.")
    key = models.CharField(max_length=40, unique=True, editable=False, help_text="The HTTP Basic user name.")
    secret_hash = models.CharField(max_length=64, editable=False)
    is_active = models.BooleanField(default=True, help_text="Inactive systems are refused (401).")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Outcome(models.TextChoices):
    PROCESSED = "processed", "processed"
    UNKNOWN_ACTIVITY = "unknown_activity", "unknown activity"
    UNKNOWN_PERSON = "unknown_person", "unknown person"
    IGNORED_VERB = "ignored_verb", "ignored verb"


UNMATCHED = (Outcome.UNKNOWN_ACTIVITY, Outcome.UNKNOWN_PERSON)


class Statement(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    raw = models.JSONField(help_text="The statement as sent, with its id.")
    source = models.ForeignKey(SourceSystem, on_delete=models.PROTECT, related_name="statements")
    version = models.CharField(max_length=10, help_text="The xAPI version the statement was sent with.")
    actor_mbox = models.CharField(max_length=320, blank=True)
    actor_account_home_page = models.CharField(max_length=500, blank=True)
    actor_account_name = models.CharField(max_length=200, blank=True)
    verb_id = models.CharField(max_length=500)
    activity_id = models.CharField(max_length=500, blank=True, help_text="The object's id when it is an activity.")
    success = models.BooleanField(null=True, blank=True)
    completion = models.BooleanField(null=True, blank=True)
    score_scaled = models.FloatField(null=True, blank=True, help_text="The score in [0, 1] passed to the learning record.")
    timestamp = models.DateTimeField()
    stored = models.DateTimeField(default=timezone.now, db_index=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    note = models.CharField(max_length=300, blank=True, help_text="Why the statement is unmatched, in words.")
    voided = models.BooleanField(default=False)

    class Meta:
        ordering = ["-stored", "id"]
        indexes = [
            models.Index(fields=["source", "-stored"], name="xapi_statement_source_idx"),
            models.Index(fields=["outcome", "-stored"], name="xapi_statement_outcome_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.verb_id} {self.activity_id} ({self.id})"

    @property
    def actor_label(self) -> str:
        if self.actor_mbox:
            return self.actor_mbox.removeprefix("mailto:")
        if self.actor_account_name:
            return f"{self.actor_account_name} at {self.actor_account_home_page}"
        return "(no person identifier Talentloop reads)"

    @property
    def verb_label(self) -> str:
        return self.verb_id.rstrip("/").rsplit("/", 1)[-1]
