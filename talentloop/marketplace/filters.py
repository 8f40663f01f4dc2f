"""Opportunity filters shared by the browse page and the API, so both filter the same way."""

from __future__ import annotations

import django_filters
from django.db.models import Q

from talentloop.marketplace.models import Opportunity, OpportunityStatusChoices, TypeChoices
from talentloop.people.models import Department, Location, WorkMode
from talentloop.skills.models import Skill


class OpportunityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Search", max_length=200)
    type = django_filters.MultipleChoiceFilter(choices=TypeChoices.choices, label="Type")
    skill = django_filters.ModelMultipleChoiceFilter(
        # The lookup goes through the slug, because to_field_name makes the filter compare the slug.
        field_name="skills__slug", to_field_name="slug", queryset=Skill.objects.filter(is_active=True), label="Skill",
        distinct=True,
    )
    department = django_filters.ModelChoiceFilter(to_field_name="slug", queryset=Department.objects.all(), label="Department")
    location = django_filters.ModelChoiceFilter(to_field_name="slug", queryset=Location.objects.all(), label="Location")
    work_mode = django_filters.MultipleChoiceFilter(choices=WorkMode.choices, label="Work mode")
    max_hours = django_filters.NumberFilter(field_name="hours_per_week", lookup_expr="lte", label="At most hours a week", min_value=1)
    min_hours = django_filters.NumberFilter(field_name="hours_per_week", lookup_expr="gte", label="At least hours a week", min_value=1)
    status = django_filters.MultipleChoiceFilter(choices=OpportunityStatusChoices.choices, label="Status")

    class Meta:
        model = Opportunity
        fields = ["q", "type", "skill", "department", "location", "work_mode", "max_hours", "min_hours", "status"]

    def search(self, queryset, name, value):
        return search_opportunities(queryset, value)


def search_opportunities(queryset, text: str):
    """Every word (up to 8) must appear in the title, the description or a skill's label."""
    for term in text.split()[:8]:
        queryset = queryset.filter(
            Q(title__icontains=term) | Q(description__icontains=term) | Q(skills__label__icontains=term)
        ).distinct()
    return queryset
