"""Persistence for the bias audit: demographic data, stored apart from the profile, and the record of who was shown
in top-k candidate lists.

Only this app reads Demographic. Matching never does, so demographic data cannot enter a score.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from talentloop.fairness.audit import RACE_ETHNICITY_CATEGORIES, SEX_CATEGORIES
from talentloop.marketplace.models import Opportunity
from talentloop.people.models import Employee

VIEW_BIAS_AUDIT = "fairness.view_bias_audit"

Sex = models.TextChoices("Sex", [(value.upper(), (value, label)) for value, label in SEX_CATEGORIES])
RaceEthnicity = models.TextChoices("RaceEthnicity", [(value.upper(), (value, label)) for value, label in RACE_ETHNICITY_CATEGORIES])


class Demographic(models.Model):
    """What a person chose to tell about themself, for the bias audit only. Blank = unknown (not given)."""

    employee = models.OneToOneField(Employee, on_delete=models.CASCADE, related_name="demographic")
    sex = models.CharField(max_length=20, choices=Sex.choices, blank=True)
    race_ethnicity = models.CharField(max_length=40, choices=RaceEthnicity.choices, blank=True, verbose_name="race/ethnicity")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        permissions = [("view_bias_audit", "Can view the bias audit")]

    def __str__(self) -> str:
        return f"Demographic data of employee {self.employee_id}"


class RecommendationExposure(models.Model):
    """One person shown at one rank of a top-k candidate list for one opportunity."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="+")
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField(help_text="1 is the top of the list.")
    shown_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-shown_at", "rank"]
        constraints = [models.CheckConstraint(condition=models.Q(rank__gte=1), name="exposure_rank_positive")]

    def __str__(self) -> str:
        return f"employee {self.employee_id} at rank {self.rank} for opportunity {self.opportunity_id}"
