"""The built-in starter taxonomy loads completely, both ways round for related skills, and only once."""

from __future__ import annotations

import pytest

from talentloop.skills.models import RelatedSkill, Skill, SkillAlias, SkillCategory
from talentloop.skills.starter import load_starter_taxonomy, read_starter_taxonomy

pytestmark = pytest.mark.django_db


def test_it_loads_at_least_300_skills_in_at_least_10_families_with_aliases_and_related_skills():
    created = load_starter_taxonomy()

    families = SkillCategory.objects.filter(parent__isnull=True)
    assert families.count() >= 10
    assert Skill.objects.count() >= 300
    assert created["skills"] == Skill.objects.count()
    assert SkillAlias.objects.count() >= 300
    for family in families:
        assert Skill.objects.filter(category__parent=family).exists(), family.slug
    python = Skill.objects.get(slug="python")
    assert python.category.parent is not None  # skills hang off a category inside a family
    assert python.aliases.exists()


def test_it_stores_each_curated_pair_in_both_directions():
    load_starter_taxonomy()
    pairs = read_starter_taxonomy()["related"]

    stored = {(a, b): w for a, b, w in RelatedSkill.objects.values_list("from_skill__slug", "to_skill__slug", "weight")}
    assert len(stored) == 2 * len(pairs)
    for a, b, weight in pairs:
        assert stored[(a, b)] == stored[(b, a)] == pytest.approx(weight)
    assert set(RelatedSkill.objects.values_list("source", flat=True)) == {"curated"}


def test_it_changes_nothing_when_run_twice_and_keeps_local_edits():
    load_starter_taxonomy()
    Skill.objects.filter(slug="python").update(label="Python 3", description="Our house style of Python.")
    before = (Skill.objects.count(), SkillAlias.objects.count(), RelatedSkill.objects.count(), SkillCategory.objects.count())

    created = load_starter_taxonomy()

    assert created == {"categories": 0, "skills": 0, "aliases": 0, "related": 0}
    assert (Skill.objects.count(), SkillAlias.objects.count(), RelatedSkill.objects.count(), SkillCategory.objects.count()) == before
    python = Skill.objects.get(slug="python")
    assert (python.label, python.description) == ("Python 3", "Our house style of Python.")


def test_it_adds_what_was_deleted_and_nothing_else():
    load_starter_taxonomy()
    Skill.objects.get(slug="python").delete()

    created = load_starter_taxonomy()

    assert created["skills"] == 1
    assert created["aliases"] == len(Skill.objects.get(slug="python").aliases.all())
    assert created["related"] == 2 * sum(1 for a, b, _ in read_starter_taxonomy()["related"] if "python" in (a, b))
