"""A pathway: a person's chosen target role, with the size of the gap when they started (to show progress)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from talentloop.people.models import Employee
from talentloop.roles.models import Role


class Pathway(models.Model):
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="pathways")
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="pathways")
    started_at = models.DateTimeField(default=timezone.now)
    initial_steps = models.PositiveIntegerField(help_text="Proficiency steps missing when the pathway started.")

    class Meta:
        ordering = ["-started_at"]
        constraints = [models.UniqueConstraint(fields=["employee", "role"], name="pathway_one_per_role")]

    def __str__(self) -> str:
        return f"{self.employee} → {self.role}"
