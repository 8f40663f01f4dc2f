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
    MentorshipDirection,
    OpportunityActor,
    OpportunityStatus,
    OpportunityType,
)
from talentloop.people.models import MAX_WEEKLY_HOURS, Department, Employee, Location, WorkMode
from talentloop.roles.models import Role
from talentloop.skills.models import PROFICIENCY_VALIDATORS, Proficiency, Skill

TypeChoices = models.TextChoices("TypeChoices", [(t.name, (t.value, OPPORTUNITY_TYPE_LABELS[t])) for t in OpportunityType])
OpportunityStatusChoices = models.TextChoices("OpportunityStatusChoices", [(s.name, (s.value, s.value)) for s in OpportunityStatus])
ApplicationStatusChoices = models.TextChoices("ApplicationStatusChoices", [(s.name, (s.value, s.value)) for s in ApplicationStatus])
DirectionChoices = models.TextChoices(
    "DirectionChoices",
    [("MENTOR_OFFERS", (MentorshipDirection.MENTOR_OFFERS.value, "a mentor offers mentoring")),
     ("MENTEE_ASKS", (MentorshipDirection.MENTEE_ASKS.value, "a mentee asks for a mentor"))],
)


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
    status = models.CharField(max_length=20, choices=OpportunityStatusChoices.choices, default=OpportunityStatus.DRAFT)
    # Job shadowing: the hours in all (short by rule); seats are the host's capacity.
    total_hours = models.PositiveSmallIntegerField(null=True, blank=True)
    # Mentorship: who offers and who asks, the topics, and whether the mentor is the more junior one.
    mentorship_direction = models.CharField(max_length=20, blank=True, choices=DirectionChoices.choices)
    topics = models.JSONField(default=list, blank=True)
    reverse_mentoring = models.BooleanField(default=False)
    # Publishing above the hours threshold needs approval; an approval covers up to the hours approved.
    approved_hours_per_week = models.PositiveSmallIntegerField(null=True, blank=True)
    # A form's or an API client's one-time key: submitting the same creation twice makes one opportunity.
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
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
    # The release of the applicant's time, decided when the offer is made (later rule changes do not move it).
    release_required = models.BooleanField(default=False)
    release_approver = models.ForeignKey(
        Employee, null=True, blank=True, on_delete=models.SET_NULL, related_name="releases_to_decide",
        help_text="Who is asked to release the time: the line manager, after an escalation their manager; empty: talent admins. "
        "Kept after the decision as the record of who was asked.",
    )
    release_escalated_at = models.DateTimeField(null=True, blank=True)
    # The last reminder about this application in its current status (reminders are sent once per status).
    reminded_at = models.DateTimeField(null=True, blank=True)

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
        indexes = [
            models.Index(fields=["opportunity", "status"], name="application_opp_status_idx"),
            models.Index(fields=["status", "status_changed_at"], name="application_status_age_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.applicant} → {self.opportunity} ({self.status})"


class ChangeEvent(models.TextChoices):
    MOVE = "", "status change"
    ESCALATED = "escalated", "release escalated"
    OWNER_CONFIRMED = "owner_confirmed", "owner confirmed completion"
    PARTICIPANT_CONFIRMED = "participant_confirmed", "participant confirmed completion"
    CONSENT = "consent", "consent to tell the line manager"


class ApplicationStatusChange(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="changes")
    from_status = models.CharField(max_length=12, blank=True, choices=ApplicationStatusChoices.choices)
    to_status = models.CharField(max_length=12, choices=ApplicationStatusChoices.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor_role = models.CharField(max_length=20, choices=[(a.value, a.value.replace("_", " ")) for a in Actor])
    reason = models.CharField(max_length=1000, blank=True)
    # Blank for a status change; otherwise a step that leaves the status as it is (from = to).
    event = models.CharField(max_length=30, blank=True, choices=ChangeEvent.choices, default=ChangeEvent.MOVE)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]
        indexes = [
            models.Index(fields=["at", "id"], name="app_change_at_idx"),  # the audit log, newest first
            # Analytics: the changes to a status in a period, read from the index alone (no row fetched to learn
            # the status): the marketplace, cost and managers pages at 100,000 people.
            models.Index(fields=["at", "to_status", "event", "application"], name="app_change_at_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.from_status or '∅'} → {self.to_status} at {self.at:%Y-%m-%d %H:%M}"


class OpportunityStatusChange(models.Model):
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="changes")
    from_status = models.CharField(max_length=20, blank=True, choices=OpportunityStatusChoices.choices)
    to_status = models.CharField(max_length=20, choices=OpportunityStatusChoices.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor_role = models.CharField(max_length=20, choices=[(a.value, a.value) for a in OpportunityActor])
    reason = models.CharField(max_length=1000, blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["at", "id"], name="opp_change_at_idx")]

    def __str__(self) -> str:
        return f"{self.from_status or '∅'} → {self.to_status} at {self.at:%Y-%m-%d %H:%M}"


class Completion(models.Model):
    """Both sides confirm: the owner with ratings of the skills applied, the participant with a click."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="completion")
    hours = models.PositiveIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5000)], null=True, blank=True)
    endorsement = models.TextField(blank=True, max_length=2000)
    owner_confirmed_at = models.DateTimeField(null=True, blank=True)
    owner_confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    participant_confirmed_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Completion of {self.application}"


class SkillRating(models.Model):
    """The owner's observed proficiency of one skill the participant applied."""

    completion = models.ForeignKey(Completion, on_delete=models.CASCADE, related_name="ratings")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(choices=Proficiency.choices, validators=PROFICIENCY_VALIDATORS)

    class Meta:
        ordering = ["-level", "skill__label"]
        constraints = [
            models.UniqueConstraint(fields=["completion", "skill"], name="skill_rating_unique"),
            models.CheckConstraint(condition=models.Q(level__gte=1, level__lte=5), name="skill_rating_level_range"),
        ]

    def __str__(self) -> str:
        return f"{self.skill} observed at {self.level}"


class MentorshipSession(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField()
    minutes = models.PositiveSmallIntegerField(validators=[MinValueValidator(5), MaxValueValidator(600)])
    notes = models.TextField(blank=True, max_length=2000)
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-held_on", "-id"]
        constraints = [models.CheckConstraint(condition=models.Q(minutes__gte=5, minutes__lte=600), name="session_minutes_range")]

    def __str__(self) -> str:
        return f"{self.minutes} min on {self.held_on}"
