"""Catalog filters shared by the catalog page and the API, so both search the same way."""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef, Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from talentloop.learning.models import ItemFormat, ItemKind, LearningItem, LearningItemSkill
from talentloop.skills.models import Skill


class LearningItemFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Search", max_length=200)
    kind = django_filters.MultipleChoiceFilter(choices=ItemKind.choices, label="Kind")
    format = django_filters.MultipleChoiceFilter(choices=ItemFormat.choices, label="Format")
    compliance = django_filters.BooleanFilter(
        label="Compliance or skills-first", help_text="true: compliance training only; false: skills-first only."
    )
    # In the OpenAPI document: a skill slug (the filter compares slugs), repeatable.
    skill = extend_schema_field(OpenApiTypes.STR)(
        django_filters.ModelMultipleChoiceFilter(
            field_name="skills__slug", to_field_name="slug", queryset=Skill.objects.filter(is_active=True),
            label="Skill taught", distinct=True,
        )
    )

    class Meta:
        model = LearningItem
        fields = ["q", "kind", "format", "compliance", "skill"]

    def search(self, queryset, name, value):
        return search_items(queryset, value)


def search_items(queryset, text: str):
    """Every word (up to 8) must appear in the title, the description, or the label or slug of a skill taught."""
    for term in text.split()[:8]:
        teaches = LearningItemSkill.objects.filter(
            Q(skill__label__icontains=term) | Q(skill__slug__icontains=term), item=OuterRef("pk")
        )
        queryset = queryset.filter(Q(title__icontains=term) | Q(description__icontains=term) | Exists(teaches))
    return queryset
