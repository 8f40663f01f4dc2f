"""Achievements (criteria for a skill at a level), the Open Badges 3.0 credentials issued for them, and the
organisation's Ed25519 signing keys (old keys stay, retired, so earlier credentials still verify)."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone

from talentloop.people.models import VERIFIED_SOURCES, Employee, EvidenceSource
from talentloop.skills.models import PROFICIENCY_VALIDATORS, Proficiency, Skill

# Evidence that counts towards an achievement unless the achievement says otherwise: every verified source.
# A learning item counts through the evidence its completion creates (an assessment is verified; a plain
# course completion is not, so it never earns a credential on its own).
DEFAULT_EVIDENCE_SOURCES = sorted(str(s) for s in VERIFIED_SOURCES)
EVIDENCE_SOURCE_CHOICES = [(str(s), EvidenceSource(s).label) for s in sorted(VERIFIED_SOURCES)]


# Bits in one status list: 16 KiB, the minimum the Bitstring Status List standard advises for herd privacy.
STATUS_LIST_BITS = 131_072


def default_evidence_sources() -> list[str]:
    return list(DEFAULT_EVIDENCE_SOURCES)


class SigningKey(models.Model):
    """An Ed25519 key. The private half is stored encrypted (PKCS#8, with a password derived from SECRET_KEY);
    exactly one key is current (retired_at is null) at a time."""

    kid = models.CharField(max_length=64, unique=True)
    public_key_pem = models.TextField()
    private_key_pem = models.TextField(help_text="Encrypted PKCS#8 PEM.")
    created_at = models.DateTimeField(default=timezone.now)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["retired_at"], condition=models.Q(retired_at__isnull=True),
                                    name="signing_key_one_current"),
        ]

    def __str__(self) -> str:
        return f"{self.kid} ({'current' if self.retired_at is None else 'retired'})"


class Achievement(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200)
    description = models.TextField(max_length=2000)
    criteria_narrative = models.TextField(
        max_length=2000, help_text="What a person does to earn it, in words (shown on every credential)."
    )
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="achievements")
    level = models.PositiveSmallIntegerField(choices=Proficiency.choices, validators=PROFICIENCY_VALIDATORS)
    evidence_sources = models.JSONField(
        default=default_evidence_sources,
        help_text="Verified evidence from any of these sources, at or above the level, meets the criteria: "
        + ", ".join(code for code, _ in EVIDENCE_SOURCE_CHOICES) + ".",
    )
    image_url = models.URLField(blank=True, max_length=500)
    is_active = models.BooleanField(default=True, help_text="Only active achievements are issued.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=models.Q(level__gte=1, level__lte=5), name="achievement_level_range"),
        ]

    def __str__(self) -> str:
        return self.name


class Credential(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    achievement = models.ForeignKey(Achievement, on_delete=models.PROTECT, related_name="credentials")
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="credentials")
    # credentialSubject.id: an opaque URN of its own, so the public document names no email address.
    subject_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    issued_at = models.DateTimeField()
    signing_key = models.ForeignKey(SigningKey, on_delete=models.PROTECT, related_name="credentials")
    document = models.JSONField(help_text="The OpenBadgeCredential (W3C VC 2.0) as signed.")
    jwt = models.TextField(help_text="The compact VC-JWT (EdDSA) whose payload is the document.")
    revoked_at = models.DateTimeField(null=True, blank=True)
    revocation_reason = models.CharField(max_length=500, blank=True)
    revoked_by = models.ForeignKey("auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    hidden = models.BooleanField(default=False, help_text="The holder hid it: its public pages answer 404.")
    # Its bit in the W3C Bitstring Status Lists: list status_index // STATUS_LIST_BITS, bit status_index % it.
    # Drawn at random, as the standard advises, so neighbours in a list say nothing about each other.
    status_index = models.PositiveIntegerField(unique=True)

    class Meta:
        ordering = ["-issued_at", "-id"]
        constraints = [
            # Never twice for the same achievement while unrevoked.
            models.UniqueConstraint(fields=["employee", "achievement"], condition=models.Q(revoked_at__isnull=True),
                                    name="credential_one_live_per_achievement"),
        ]
        indexes = [models.Index(fields=["revoked_at"], name="credential_revoked_idx")]

    def __str__(self) -> str:
        return f"{self.achievement} for {self.employee}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
