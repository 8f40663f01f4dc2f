"""Snapshots: the figures of the heaviest metrics, aggregated by the worker so that a page reads a few thousand
cells instead of scanning every skill holding and every recorded action of the organisation (snapshots.py).

Every cell is cut by the person's department and location, each person having exactly one of each: a page's
department and location filters pick and add up cells without counting anybody twice. Nothing here is about one
person; suppression is applied when the cells are read, as for a figure computed on the spot.
"""

from __future__ import annotations

from django.db import models

from talentloop.people.models import Department, Location
from talentloop.skills.models import Skill, SkillCategory


class Snapshot(models.Model):
    """When a kind of snapshot was last taken. Its cells are replaced with it, in one transaction."""

    name = models.CharField(max_length=40, primary_key=True)
    as_of = models.DateField(help_text="The day (site time zone) whose state the cells hold.")
    taken_at = models.DateTimeField()
    seconds = models.FloatField(help_text="How long taking it took.")

    def __str__(self) -> str:
        return f"{self.name} as of {self.taken_at:%Y-%m-%d %H:%M}"


class FamilySupply(models.Model):
    """People employed on the snapshot's day who hold an active skill of a family, per department and location."""

    family = models.ForeignKey(SkillCategory, on_delete=models.CASCADE, related_name="+", db_index=False)
    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="+")
    location = models.ForeignKey(Location, null=True, on_delete=models.CASCADE, related_name="+", db_index=False)
    holders = models.PositiveIntegerField()
    verified_holders = models.PositiveIntegerField()
    practitioners = models.PositiveIntegerField()
    verified_practitioners = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"family {self.family_id}, department {self.department_id}, location {self.location_id}: {self.holders}"


class SkillSupply(models.Model):
    """People employed on the snapshot's day who hold a skill verified at level 3 or above, per department and location."""

    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="+", db_index=False)
    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="+")
    location = models.ForeignKey(Location, null=True, on_delete=models.CASCADE, related_name="+", db_index=False)
    verified_practitioners = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"skill {self.skill_id}, department {self.department_id}, location {self.location_id}: {self.verified_practitioners}"


class MonthlyActive(models.Model):
    """People who did something Talentloop records in a whole calendar month before the snapshot's, per the
    department and location they have on the snapshot's day (as the live count files them)."""

    month = models.DateField(help_text="The first day of the month.")
    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="+")
    location = models.ForeignKey(Location, null=True, on_delete=models.CASCADE, related_name="+", db_index=False)
    active = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["month"], name="monthly_active_month_idx")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}, department {self.department_id}, location {self.location_id}: {self.active}"
