"""Persistence for opportunities, their skill needs, applications and every application status change."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from talentloop.marketplace.lifecycle import (
    LIVE,
    OPPORTUNITY_TYPE_LABELS,
    Actor,
    ApplicationStatus,
    OpportunityStatus,
    OpportunityType,
)
from talentloop.people.models import MAX_WEEKLY_HOURS, Department, Employee, Location, WorkMode
from talentloop.roles.models import Role
from talentloop.skills.models import PROFICIENCY_VALIDATORS, Proficiency, Skill

TypeChoices = models.TextChoices("TypeChoices", [(t.name, (t.value, OPPORTUNITY_TYPE_LABELS[t])) for t in OpportunityType])
OpportunityStatusChoices = models.TextChoices("OpportunityStatusChoices", [(s.name, (s.value, s.value)) for s in OpportunityStatus])
ApplicationStatusChoices = models.TextChoices("ApplicationStatusChoices", [(s.name, (s.value, s.value)) for s in ApplicationStatus])


class Opportunity(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    type = models.CharField(max_length=20, choices=TypeChoices.choices)
    title = models.CharField(max_length=200)
    description = models.TextField(max_length=10000)
    owner = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="owned_opportunities")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="opportunities")
    role = models.ForeignKey(Role, null=True, blank=True, on_delete=models.SET_NULL, related_name="openings")
    hours_per_week = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(MAX_WEEKLY_HOURS)])
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    seats = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1), MaxValueValidator(500)])
    location = models.ForeignKey(Location, null=True, blank=True, on_delete=models.SET_NULL, related_name="opportunities")
    work_mode = models.CharField(max_length=10, choices=WorkMode.choices, default=WorkMode.REMOTE)
    status = models.CharField(max_length=12, choices=OpportunityStatusChoices.choices, default=OpportunityStatus.DRAFT)
    skills = models.ManyToManyField(Skill, through="OpportunitySkill", related_name="opportunities")
    published_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name_plural = "opportunities"
        constraints = [
            models.CheckConstraint(condition=models.Q(seats__gte=1), name="opportunity_seats_positive"),
            models.CheckConstraint(condition=models.Q(hours_per_week__gte=1, hours_per_week__lte=MAX_WEEKLY_HOURS), name="opportunity_hours_range"),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(start_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="opportunity_end_after_start",
            ),
        ]
        indexes = [models.Index(fields=["status", "type"], name="opportunity_status_type_idx")]

    def __str__(self) -> str:
        return self.title


class SkillNeed(models.TextChoices):
    REQUIRED = "required", "required"
    NICE_TO_HAVE = "nice_to_have", "nice to have"
    GROWTH = "growth", "you will grow"


class OpportunitySkill(models.Model):
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="skill_needs")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="opportunity_needs")
    need = models.CharField(max_length=20, choices=SkillNeed.choices, default=SkillNeed.REQUIRED)
    level = models.PositiveSmallIntegerField(choices=Proficiency.choices, validators=PROFICIENCY_VALIDATORS)

    class Meta:
        ordering = ["need", "-level"]
        constraints = [
            models.UniqueConstraint(fields=["opportunity", "skill"], name="opportunity_skill_unique"),
            models.CheckConstraint(condition=models.Q(level__gte=1, level__lte=5), name="opportunity_skill_level_range"),
        ]

    def __str__(self) -> str:
        return f"{self.skill} {self.level} ({self.need})"


class Application(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="applications")
    applicant = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="applications")
    status = models.CharField(max_length=12, choices=ApplicationStatusChoices.choices)
    message = models.TextField(blank=True, max_length=4000)
    decision_reason = models.CharField(max_length=1000, blank=True)
    share_with_manager = models.BooleanField(
        default=False, help_text="For permanent roles: the applicant consents that the line manager sees it before an offer."
    )
    created_at = models.DateTimeField(default=timezone.now)
    status_changed_at = models.DateTimeField()

    class Meta:
        ordering = ["-status_changed_at"]
        constraints = [
            # One live application per person and opportunity; after a withdrawal one may apply again.
            models.UniqueConstraint(
                fields=["opportunity", "applicant"],
                condition=models.Q(status__in=sorted(LIVE)),
                name="application_one_live_per_person",
            )
        ]
        indexes = [models.Index(fields=["opportunity", "status"], name="application_opp_status_idx")]

    def __str__(self) -> str:
        return f"{self.applicant} → {self.opportunity} ({self.status})"


class ApplicationStatusChange(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="changes")
    from_status = models.CharField(max_length=12, blank=True, choices=ApplicationStatusChoices.choices)
    to_status = models.CharField(max_length=12, choices=ApplicationStatusChoices.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor_role = models.CharField(max_length=20, choices=[(a.value, a.value.replace("_", " ")) for a in Actor])
    reason = models.CharField(max_length=1000, blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or '∅'} → {self.to_status} at {self.at:%Y-%m-%d %H:%M}"
