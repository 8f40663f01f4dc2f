"""Change stamps: every write that can change a ranking appends one, so every worker process brings its
in-memory index up to date on its next request by replaying the stamps it has not seen."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class MatchingChange(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", "person"
        OPPORTUNITY = "opportunity", "opportunity"
        TAXONOMY = "taxonomy", "taxonomy (related skills)"
        REBUILD = "rebuild", "rebuild everything"

    kind = models.CharField(max_length=12, choices=Kind.choices)
    object_id = models.BigIntegerField(null=True, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.kind} {self.object_id or ''}"
