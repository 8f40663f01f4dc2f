"""Persistence for the job architecture."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from talentloop.skills.models import PROFICIENCY_VALIDATORS, Proficiency, Skill


class RoleFamily(models.Model):
    slug = models.SlugField(max_length=120, unique=True)
    name = models.CharField(max_length=200, unique=True)
    external_uri = models.CharField(
        max_length=500, blank=True, default="", db_index=True,
        help_text="The concept this family came from, e.g. an ISCO major group URI.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "role families"

    def __str__(self) -> str:
        return self.name


class Role(models.Model):
    slug = models.SlugField(max_length=160, unique=True)
    title = models.CharField(max_length=200)
    family = models.ForeignKey(RoleFamily, on_delete=models.PROTECT, related_name="roles")
    level = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(10)])
    description = models.TextField(blank=True)
    skills = models.ManyToManyField(Skill, through="RoleSkill", related_name="roles")
    external_uri = models.CharField(
        max_length=500, blank=True, default="", db_index=True,
        help_text="The concept this role came from, e.g. an ESCO occupation URI.",
    )
    # Null, not an empty dict, when never imported: constant defaults let bulk inserts (the demo) leave it out.
    imported = models.JSONField(
        null=True, blank=True,
        help_text="The values an import last wrote (title, description, family, skills): a value that differs now was "
        "edited here and a re-import keeps it.",
    )

    class Meta:
        ordering = ["family__name", "level", "title"]
        constraints = [models.UniqueConstraint(fields=["family", "title", "level"], name="role_unique_in_family")]

    def __str__(self) -> str:
        return f"{self.title} (L{self.level})"


class RoleSkill(models.Model):
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="role_skills")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="role_skills")
    proficiency = models.PositiveSmallIntegerField(choices=Proficiency.choices, validators=PROFICIENCY_VALIDATORS)
    is_essential = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["role", "skill"], name="role_skill_unique"),
            models.CheckConstraint(condition=models.Q(proficiency__gte=1, proficiency__lte=5), name="role_skill_proficiency_range"),
        ]

    def __str__(self) -> str:
        return f"{self.role}: {self.skill} ≥ {self.proficiency}"
