"""Persistence for employees, their skills with evidence and their aspirations."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone

from talentloop.roles.models import Role
from talentloop.skills.models import PROFICIENCY_VALIDATORS, Proficiency, Skill

MAX_WEEKLY_HOURS = 60


class WorkMode(models.TextChoices):
    ONSITE = "onsite", "on site"
    HYBRID = "hybrid", "hybrid"
    REMOTE = "remote", "remote"


class Department(models.Model):
    slug = models.SlugField(max_length=120, unique=True)
    name = models.CharField(max_length=200, unique=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Location(models.Model):
    slug = models.SlugField(max_length=120, unique=True)
    name = models.CharField(max_length=200, unique=True)
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1 alpha-2")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ProfileVisibility(models.TextChoices):
    PRIVATE = "private", "private: only me, my line managers and talent admins"
    ORGANISATION = "organisation", "everyone in the organisation sees my name, title and shared skills"


class Employee(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="employee")
    job_title = models.CharField(max_length=200)
    role = models.ForeignKey(Role, null=True, blank=True, on_delete=models.SET_NULL, related_name="employees")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="employees")
    manager = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports")
    location = models.ForeignKey(Location, null=True, blank=True, on_delete=models.SET_NULL, related_name="employees")
    work_mode = models.CharField(max_length=10, choices=WorkMode.choices, default=WorkMode.HYBRID)
    hire_date = models.DateField()
    leave_date = models.DateField(null=True, blank=True)
    weekly_hours_available = models.PositiveSmallIntegerField(
        default=0, validators=[MaxValueValidator(MAX_WEEKLY_HOURS)],
        help_text="Hours a week free for opportunities beside the day job.",
    )
    summary = models.TextField(blank=True, max_length=4000)
    can_post_opportunities = models.BooleanField(default=True)
    # Visibility: private by default. Owners see only people who opted in, and only what they chose to share.
    open_to_opportunities = models.BooleanField(default=False, help_text="Appear in candidate search for owners.")
    profile_visibility = models.CharField(max_length=20, choices=ProfileVisibility.choices, default=ProfileVisibility.PRIVATE)
    share_skills_with_owners = models.BooleanField(default=True)
    share_availability_with_owners = models.BooleanField(default=True)
    share_aspirations_with_owners = models.BooleanField(default=False)
    share_aspirations_with_manager = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["user__last_name", "user__first_name"]
        constraints = [
            models.CheckConstraint(condition=models.Q(weekly_hours_available__lte=MAX_WEEKLY_HOURS), name="employee_hours_range"),
            models.CheckConstraint(
                condition=models.Q(leave_date__isnull=True) | models.Q(leave_date__gte=models.F("hire_date")),
                name="employee_leave_after_hire",
            ),
            models.CheckConstraint(condition=~models.Q(manager=models.F("id")), name="employee_not_own_manager"),
        ]
        indexes = [models.Index(fields=["open_to_opportunities", "department"], name="employee_open_dept_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.user.get_full_name() or self.user.get_username()

    @property
    def is_active_employee(self) -> bool:
        return self.leave_date is None


class EvidenceSource(models.TextChoices):
    SELF_DECLARED = "self_declared", "self-declared"
    MANAGER_ASSESSED = "manager_assessed", "manager assessment"
    PEER_ENDORSEMENT = "peer_endorsement", "peer endorsement"
    LEARNING_COMPLETION = "learning_completion", "learning completion"
    ASSESSMENT = "assessment", "assessment"
    CREDENTIAL = "credential", "credential"
    GIG_FEEDBACK = "gig_feedback", "gig feedback"
    INFERRED = "inferred", "inferred (suggestion)"


VERIFIED_SOURCES = frozenset(
    {EvidenceSource.MANAGER_ASSESSED, EvidenceSource.ASSESSMENT, EvidenceSource.CREDENTIAL, EvidenceSource.GIG_FEEDBACK}
)


class EmployeeSkill(models.Model):
    # No single-column indexes: the (employee, skill) unique index and the (skill, proficiency) index cover them.
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="skills", db_index=False)
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="holders", db_index=False)
    proficiency = models.PositiveSmallIntegerField(choices=Proficiency.choices, validators=PROFICIENCY_VALIDATORS)
    verified = models.BooleanField(default=False, help_text="At least one piece of verified evidence.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-proficiency", "skill__label"]
        constraints = [
            models.UniqueConstraint(fields=["employee", "skill"], name="employee_skill_unique"),
            models.CheckConstraint(condition=models.Q(proficiency__gte=1, proficiency__lte=5), name="employee_skill_proficiency_range"),
        ]
        indexes = [models.Index(fields=["skill", "proficiency"], name="employee_skill_level_idx")]

    def __str__(self) -> str:
        return f"{self.skill} ({self.proficiency})"


class SkillEvidence(models.Model):
    employee_skill = models.ForeignKey(EmployeeSkill, on_delete=models.CASCADE, related_name="evidence")
    source = models.CharField(max_length=30, choices=EvidenceSource.choices)
    proficiency = models.PositiveSmallIntegerField(choices=Proficiency.choices, validators=PROFICIENCY_VALIDATORS)
    observed_on = models.DateField()
    link = models.URLField(blank=True, max_length=500)
    note = models.CharField(max_length=500, blank=True)
    verified = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-observed_on", "-id"]
        verbose_name_plural = "skill evidence"
        # Analytics (monthly active people): what each person recorded in a period, from the index alone.
        indexes = [
            models.Index(fields=["recorded_by", "created_at"], name="evidence_recorder_time_idx"),
            models.Index(fields=["created_at"], name="evidence_time_idx"),  # analytics: the evidence of a few days
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(proficiency__gte=1, proficiency__lte=5), name="evidence_proficiency_range"),
            models.CheckConstraint(
                condition=~models.Q(verified=True, source__in=["self_declared", "peer_endorsement", "learning_completion", "inferred"]),
                name="evidence_verified_only_from_verifying_sources",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.proficiency} on {self.observed_on}"


class Aspiration(models.Model):
    employee = models.OneToOneField(Employee, on_delete=models.CASCADE, related_name="aspiration")
    target_roles = models.ManyToManyField(Role, blank=True, related_name="aspiring")
    skills_to_grow = models.ManyToManyField(Skill, blank=True, related_name="aspiring")
    opportunity_types = models.JSONField(default=list, blank=True, help_text="Wanted opportunity types.")
    work_modes = models.JSONField(default=list, blank=True, help_text="Acceptable work modes.")
    open_to_relocation = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Aspirations of {self.employee}"


class RoleChange(models.Model):
    """A move inside the organisation (an internal permanent role taken): shown on the profile like a promotion."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="role_changes")
    effective_on = models.DateField()
    from_job_title = models.CharField(max_length=200)
    to_job_title = models.CharField(max_length=200)
    from_role = models.ForeignKey(Role, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    to_role = models.ForeignKey(Role, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    from_department = models.ForeignKey(Department, null=True, on_delete=models.SET_NULL, related_name="+")
    to_department = models.ForeignKey(Department, null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.CharField(max_length=300, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-effective_on", "-id"]

    def __str__(self) -> str:
        return f"{self.from_job_title} → {self.to_job_title} on {self.effective_on}"
