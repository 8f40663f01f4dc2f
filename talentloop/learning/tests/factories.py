"""factory_boy factories for the learning catalog and records."""

from __future__ import annotations

import factory

from talentloop.learning.models import ItemKind, LearningItem, LearningItemSkill, LearningRecord
from talentloop.testing.factories import EmployeeFactory, SkillFactory


class LearningItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LearningItem
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"item-{n}")
    title = factory.Sequence(lambda n: f"Learning item {n}")
    description = "Learn something useful."
    kind = ItemKind.COURSE
    provider = "Talentloop Academy"
    url = factory.LazyAttribute(lambda o: f"https://learn.example.test/{o.slug}")
    duration_minutes = 90
    activity_id = factory.LazyAttribute(lambda o: f"https://learn.example.test/activities/{o.slug}")


class LearningItemSkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LearningItemSkill

    item = factory.SubFactory(LearningItemFactory)
    skill = factory.SubFactory(SkillFactory)
    target_level = 3


class LearningRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LearningRecord

    employee = factory.SubFactory(EmployeeFactory)
    item = factory.SubFactory(LearningItemFactory)
