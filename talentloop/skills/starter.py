"""The built-in starter taxonomy: loads talentloop/skills/data/starter_taxonomy.json into the skills tables.

Idempotent: what exists already is kept as it is (local edits to names, labels and descriptions survive);
only missing categories, skills, aliases and related-skill pairs are added.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.db import transaction

from talentloop.skills.models import RelatedSkill, Skill, SkillAlias, SkillCategory

STARTER_TAXONOMY_PATH = Path(__file__).resolve().parent / "data" / "starter_taxonomy.json"


class StarterTaxonomyError(ValueError):
    """The starter taxonomy file is malformed (names the entry and the reason)."""


def read_starter_taxonomy(path: Path = STARTER_TAXONOMY_PATH) -> dict[str, Any]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("version") != 1:
        raise StarterTaxonomyError(f"{path.name}: version {data.get('version')!r} is not supported (expected 1)")
    return data


def load_starter_taxonomy(path: Path = STARTER_TAXONOMY_PATH) -> dict[str, int]:
    """Add the starter taxonomy to the database; returns how many rows of each kind were created."""
    data = read_starter_taxonomy(path)
    with transaction.atomic():
        categories, created_categories = _load_categories(data["families"])
        skills, created_skills = _load_skills(data["families"], categories)
        created_aliases = _load_aliases(data["families"], skills)
        created_related = _load_related(data.get("related", []), skills)
    return {
        "categories": created_categories,
        "skills": created_skills,
        "aliases": created_aliases,
        "related": created_related,
    }


def _load_categories(families: list[dict]) -> tuple[dict[str, SkillCategory], int]:
    """Families become top-level categories, their categories children; returns slug -> SkillCategory."""
    by_slug = {c.slug: c for c in SkillCategory.objects.all()}
    created = 0
    for family in families:
        if family["slug"] not in by_slug:
            by_slug[family["slug"]] = SkillCategory.objects.create(slug=family["slug"], name=family["name"])
            created += 1
        parent = by_slug[family["slug"]]
        new = [
            SkillCategory(slug=c["slug"], name=c["name"], parent=parent)
            for c in family["categories"]
            if c["slug"] not in by_slug
        ]
        for category in SkillCategory.objects.bulk_create(new):
            by_slug[category.slug] = category
        created += len(new)
    return by_slug, created


def _iter_skills(families: list[dict]):
    for family in families:
        for category in family["categories"]:
            for skill in category["skills"]:
                yield category["slug"], skill


def _load_skills(families: list[dict], categories: dict[str, SkillCategory]) -> tuple[dict[str, Skill], int]:
    """Returns starter slug -> Skill. A starter skill whose label a local skill already uses maps to that skill."""
    existing = list(Skill.objects.all())
    by_slug = {s.slug: s for s in existing}
    by_label = {s.label.lower(): s for s in existing}
    result: dict[str, Skill] = {}
    new: list[Skill] = []
    for category_slug, entry in _iter_skills(families):
        slug = entry["slug"]
        if slug in result:
            raise StarterTaxonomyError(f"skill {slug!r} appears twice")
        found = by_slug.get(slug) or by_label.get(entry["label"].lower())
        if found is None:
            found = Skill(
                slug=slug,
                label=entry["label"],
                description=entry.get("description", ""),
                category=categories[category_slug],
                skill_type=entry.get("type", Skill.Type.SKILL),
            )
            new.append(found)
            by_label[found.label.lower()] = found
        result[slug] = found
    Skill.objects.bulk_create(new)  # SQLite and PostgreSQL set the new primary keys
    return result, len(new)


def _load_aliases(families: list[dict], skills: dict[str, Skill]) -> int:
    taken = {a.lower() for a in SkillAlias.objects.values_list("alias", flat=True)}
    new: list[SkillAlias] = []
    for _, entry in _iter_skills(families):
        for alias in entry.get("aliases", []):
            key = alias.strip().lower()
            if not key or key in taken:
                continue
            taken.add(key)
            new.append(SkillAlias(skill=skills[entry["slug"]], alias=alias.strip()))
    SkillAlias.objects.bulk_create(new)
    return len(new)


def _load_related(pairs: list[list], skills: dict[str, Skill]) -> int:
    """Each curated pair is stored in both directions, so partial credit works whichever of the two is asked."""
    existing = set(RelatedSkill.objects.values_list("from_skill_id", "to_skill_id"))
    new: list[RelatedSkill] = []
    for pair in pairs:
        slug_a, slug_b, weight = pair
        for slug in (slug_a, slug_b):
            if slug not in skills:
                raise StarterTaxonomyError(f"related pair {pair!r} names unknown skill {slug!r}")
        if not 0 < float(weight) <= 1:
            raise StarterTaxonomyError(f"related pair {pair!r}: weight must be in (0, 1]")
        a, b = skills[slug_a], skills[slug_b]
        if a.pk == b.pk:
            continue
        for src, dst in ((a, b), (b, a)):
            if (src.pk, dst.pk) not in existing:
                existing.add((src.pk, dst.pk))
                new.append(RelatedSkill(from_skill=src, to_skill=dst, weight=float(weight), source=RelatedSkill.Source.CURATED))
    RelatedSkill.objects.bulk_create(new)
    return len(new)
