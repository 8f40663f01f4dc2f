"""Persistence for the skills taxonomy."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower

PROFICIENCY_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class Proficiency(models.IntegerChoices):
    AWARENESS = 1, "1 · awareness"
    WORKING = 2, "2 · working"
    PRACTITIONER = 3, "3 · practitioner"
    ADVANCED = 4, "4 · advanced"
    EXPERT = 5, "5 · expert"


class SkillCategory(models.Model):
    """A node of the category tree; top-level nodes are skill families."""

    slug = models.SlugField(max_length=120, unique=True)
    name = models.CharField(max_length=200)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    external_uri = models.CharField(
        max_length=500, blank=True, db_index=True, help_text="The concept this node came from, e.g. an ESCO skill group URI."
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "skill categories"

    def __str__(self) -> str:
        return self.name

    @property
    def family(self) -> SkillCategory:
        node = self
        while node.parent_id is not None:
            node = node.parent  # type: ignore[assignment]
        return node


class Skill(models.Model):
    class Type(models.TextChoices):
        SKILL = "skill", "skill / competence"
        KNOWLEDGE = "knowledge", "knowledge"
        TRANSVERSAL = "transversal", "transversal"

    slug = models.SlugField(max_length=120, unique=True)
    label = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    category = models.ForeignKey(SkillCategory, on_delete=models.PROTECT, related_name="skills")
    skill_type = models.CharField(max_length=20, choices=Type.choices, default=Type.SKILL)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["label"]
        constraints = [models.UniqueConstraint(Lower("label"), name="skill_label_unique_ci")]

    def __str__(self) -> str:
        return self.label


class SkillAlias(models.Model):
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(max_length=200)

    class Meta:
        ordering = ["alias"]
        verbose_name_plural = "skill aliases"
        constraints = [models.UniqueConstraint(Lower("alias"), name="skill_alias_unique_ci")]

    def __str__(self) -> str:
        return self.alias


class RelatedSkill(models.Model):
    """Directed adjacency with a weight in (0, 1]: partial credit for holding `from_skill` when `to_skill` is asked."""

    class Source(models.TextChoices):
        CURATED = "curated", "curated"
        TAXONOMY = "taxonomy", "imported taxonomy (ESCO)"
        EMBEDDING = "embedding", "embedding similarity"
        COOCCURRENCE = "cooccurrence", "co-occurrence"

    from_skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="related_out")
    to_skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="related_in")
    weight = models.FloatField(validators=[MinValueValidator(0.01), MaxValueValidator(1.0)])
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.CURATED)
    detail = models.CharField(
        max_length=300, blank=True, help_text="Why the pair was found, e.g. 'cosine 0.82' or 'together in 14 roles (lift 3.1)'."
    )
    rejected = models.BooleanField(
        default=False, help_text="An admin rejected this pair: matching ignores it and recomputing never brings it back."
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(
        null=True, blank=True, help_text="Set when an admin accepted, edited or rejected the pair; recomputing leaves it alone."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["from_skill", "to_skill"], name="related_skill_unique_pair"),
            models.CheckConstraint(condition=~models.Q(from_skill=models.F("to_skill")), name="related_skill_not_self"),
            models.CheckConstraint(condition=models.Q(weight__gt=0, weight__lte=1), name="related_skill_weight_range"),
        ]

    def __str__(self) -> str:
        return f"{self.from_skill} → {self.to_skill} ({self.weight:.2f})"


class SkillExternalId(models.Model):
    """An identifier of the skill in another taxonomy (e.g. scheme 'esco' with the ESCO concept URI)."""

    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="external_ids")
    scheme = models.CharField(max_length=40)
    identifier = models.CharField(max_length=500)
    imported = models.JSONField(
        default=dict, blank=True,
        help_text="The values an import last wrote (label, description, ...): a field that differs now was edited here and a "
        "re-import keeps it.",
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scheme", "identifier"], name="skill_external_id_unique")]

    def __str__(self) -> str:
        return f"{self.scheme}:{self.identifier}"


class PhraseEmbedding(models.Model):
    """A cached text embedding: the vector `model` gave for the text whose SHA-256 is `digest` (float32 bytes).

    Shared by every process, so a taxonomy is embedded once, and again only for phrases that changed."""

    model = models.CharField(max_length=80)
    digest = models.CharField(max_length=64)
    vector = models.BinaryField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["model", "digest"], name="phrase_embedding_unique")]

    def __str__(self) -> str:
        return f"{self.model}:{self.digest[:12]}"
