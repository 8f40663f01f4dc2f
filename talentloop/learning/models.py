"""Persistence for the learning catalog (items and the skills they teach) and people's learning records."""

from __future__ import annotations

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from talentloop.people.models import Employee
from talentloop.skills.models import PROFICIENCY_VALIDATORS, Proficiency, Skill


class ItemKind(models.TextChoices):
    COURSE = "course", "course"
    MODULE = "module", "module"
    PROGRAMME = "programme", "programme"
    ASSESSMENT = "assessment", "assessment"
    MICRO_CERTIFICATION = "micro_certification", "micro-certification"


# Kinds that prove a level when passed (verified evidence); the others teach (unverified evidence on completion).
ASSESSING_KINDS = frozenset({ItemKind.ASSESSMENT, ItemKind.MICRO_CERTIFICATION})


class ItemFormat(models.TextChoices):
    ONLINE = "online", "online"
    CLASSROOM = "classroom", "classroom"
    BLENDED = "blended", "blended"
    SELF_PACED = "self_paced", "self-paced"


class LearningItem(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, max_length=4000)
    kind = models.CharField(max_length=30, choices=ItemKind.choices, default=ItemKind.COURSE)
    provider = models.CharField(max_length=200, blank=True)
    url = models.URLField(blank=True, max_length=500)
    duration_minutes = models.PositiveIntegerField(default=0, help_text="Expected time to complete, in minutes.")
    format = models.CharField(max_length=20, choices=ItemFormat.choices, default=ItemFormat.ONLINE)
    compliance = models.BooleanField(default=False, help_text="Compliance training (required), not skills-first learning.")
    activity_id = models.CharField(
        max_length=500, blank=True, default="",
        help_text="The xAPI activity id (an IRI) that learning systems use for this item.",
    )
    is_active = models.BooleanField(default=True, help_text="Offered in the catalog; retired items keep their records.")
    skills = models.ManyToManyField(Skill, through="LearningItemSkill", related_name="learning_items")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity_id"], condition=~models.Q(activity_id=""), name="learning_item_activity_id_unique"
            ),
        ]
        indexes = [models.Index(fields=["is_active", "kind"], name="learning_item_active_kind_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_assessing(self) -> bool:
        return self.kind in ASSESSING_KINDS


class LearningItemSkill(models.Model):
    """A skill an item teaches (or assesses), at the proficiency it aims at."""

    item = models.ForeignKey(LearningItem, on_delete=models.CASCADE, related_name="taught_skills", db_index=False)
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")
    target_level = models.PositiveSmallIntegerField(choices=Proficiency.choices, validators=PROFICIENCY_VALIDATORS)

    class Meta:
        ordering = ["-target_level", "skill__label"]
        constraints = [
            models.UniqueConstraint(fields=["item", "skill"], name="learning_item_skill_unique"),
            models.CheckConstraint(condition=models.Q(target_level__gte=1, target_level__lte=5), name="learning_item_skill_level_range"),
        ]

    def __str__(self) -> str:
        return f"{self.skill} ({self.target_level})"


class RecordStatus(models.TextChoices):
    ENROLLED = "enrolled", "enrolled"
    IN_PROGRESS = "in_progress", "in progress"
    COMPLETED = "completed", "completed"
    PASSED = "passed", "passed"
    FAILED = "failed", "failed"


class LearningRecord(models.Model):
    """One person's enrolment, progress and result on one learning item (from the UI or from xAPI statements)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="learning_records", db_index=False)
    item = models.ForeignKey(LearningItem, on_delete=models.PROTECT, related_name="records")
    status = models.CharField(max_length=20, choices=RecordStatus.choices, default=RecordStatus.ENROLLED)
    progress = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(100)], help_text="Percent.")
    score = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(0.0), MaxValueValidator(1.0)], help_text="Scaled 0 to 1."
    )
    enrolled_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)
    source = models.CharField(max_length=120, default="ui", help_text='"ui", or "xapi:<source system>".')
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["employee", "item"], name="learning_record_unique"),
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="learning_record_progress_range"),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=0, score__lte=1), name="learning_record_score_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee} · {self.item} ({self.status})"


class LearningRecordEvent(models.Model):
    """The history of a record: one row for each outcome that changed it (repeats that change nothing leave none)."""

    record = models.ForeignKey(LearningRecord, on_delete=models.CASCADE, related_name="events")
    outcome = models.CharField(max_length=20)
    status = models.CharField(max_length=20, choices=RecordStatus.choices, help_text="The status after the outcome.")
    progress = models.PositiveSmallIntegerField(default=0)
    score = models.FloatField(null=True, blank=True)
    at = models.DateTimeField(help_text="When it happened (as the source says).")
    source = models.CharField(max_length=120)
    evidence_levels = models.JSONField(default=dict, blank=True, help_text="Skill slug → level evidenced by this event.")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.outcome} at {self.at:%Y-%m-%d %H:%M}"
