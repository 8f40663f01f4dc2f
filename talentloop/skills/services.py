"""The only code that writes the skills taxonomy: named, atomic actions that validate everything first."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone

from talentloop.accounts.personas import Personas
from talentloop.errors import Conflict, Forbidden, InvalidInput
from talentloop.matching import stamps
from talentloop.skills.models import RelatedSkill, Skill, SkillAlias, SkillExternalId


def may_edit_taxonomy(p: Personas) -> bool:
    return p.is_talent_admin or p.is_lod_admin


def _check_skill(data: dict, skill: Skill | None) -> None:
    """Everything that would make the write fail, found before anything is written."""
    others = Skill.objects.exclude(pk=skill.pk) if skill is not None else Skill.objects.all()
    conflicts: dict[str, list[str]] = {}
    errors: dict[str, list[str]] = {}
    if "slug" in data and others.filter(slug=data["slug"]).exists():
        conflicts["slug"] = [f"A skill with the slug {data['slug']} already exists."]
    if "label" in data and others.filter(label__iexact=data["label"]).exists():
        conflicts["label"] = [f"A skill labelled {data['label']!r} already exists."]
    aliases = data.get("aliases")
    if aliases is not None:
        lowered = [a.lower() for a in aliases]
        if len(set(lowered)) != len(lowered):
            errors["aliases"] = ["An alias is listed twice."]
        taken = sorted(
            SkillAlias.objects.annotate(lowered=Lower("alias"))
            .filter(lowered__in=lowered)
            .exclude(skill=skill)
            .values_list("alias", flat=True)
        )
        if taken:
            conflicts["aliases"] = [f"Already an alias of another skill: {', '.join(taken)}."]
    related = data.get("related")
    if related is not None:
        seen: set[int] = set()
        for i, item in enumerate(related):
            target = item["skill"]
            if skill is not None and target.pk == skill.pk:
                errors[f"related[{i}].skill"] = ["A skill cannot be related to itself."]
            if target.pk in seen:
                errors[f"related[{i}].skill"] = [f"{target.label} is listed twice."]
            seen.add(target.pk)
    external_ids = data.get("external_ids")
    if external_ids is not None:
        pairs = [(e["scheme"], e["identifier"]) for e in external_ids]
        if len(set(pairs)) != len(pairs):
            errors["external_ids"] = ["An external id is listed twice."]
        for i, (scheme, identifier) in enumerate(pairs):
            if SkillExternalId.objects.filter(scheme=scheme, identifier=identifier).exclude(skill=skill).exists():
                conflicts[f"external_ids[{i}].identifier"] = [f"{scheme}:{identifier} already belongs to another skill."]
    if errors:
        raise InvalidInput(errors)
    if conflicts:
        raise Conflict(conflicts)


def _write_skill(skill: Skill, data: dict, user=None) -> Skill:
    for name in ("slug", "label", "description", "category", "skill_type", "is_active"):
        if name in data:
            setattr(skill, name, data[name])
    skill.save()
    if data.get("aliases") is not None:
        skill.aliases.all().delete()
        SkillAlias.objects.bulk_create(SkillAlias(skill=skill, alias=a) for a in data["aliases"])
    if data.get("related") is not None:
        _write_related(skill, data["related"], user)
    if data.get("external_ids") is not None:
        # An id that stays keeps its row, and with it the snapshot of what an import last wrote (local edits win).
        wanted = {(e["scheme"], e["identifier"]) for e in data["external_ids"]}
        kept = set()
        for ext in skill.external_ids.all():
            if (ext.scheme, ext.identifier) in wanted:
                kept.add((ext.scheme, ext.identifier))
            else:
                ext.delete()
        SkillExternalId.objects.bulk_create(
            SkillExternalId(skill=skill, scheme=scheme, identifier=identifier) for scheme, identifier in sorted(wanted - kept)
        )
    return skill


def _write_related(skill: Skill, pairs: list[dict], user) -> None:
    """The pairs an admin states for this skill: each is written as reviewed (the nightly recompute leaves it alone),
    curated pairs not listed any more are removed, and machine-made, imported and rejected pairs not listed stay:
    they are reviewed one by one under Related skills in the admin."""
    now = timezone.now()
    existing = {r.to_skill_id: r for r in skill.related_out.all()}
    listed = set()
    for item in pairs:
        target = item["skill"]
        listed.add(target.pk)
        row = existing.get(target.pk) or RelatedSkill(from_skill=skill, to_skill=target)
        row.weight, row.source = item["weight"], item["source"]
        row.rejected, row.reviewed_by, row.reviewed_at = False, user, now
        row.save()
    stale = [r.pk for to_id, r in existing.items() if to_id not in listed and r.source == RelatedSkill.Source.CURATED]
    RelatedSkill.objects.filter(pk__in=stale).delete()
    stamps.taxonomy_changed()


def _guarded_write(p: Personas, skill: Skill, data: dict) -> Skill:
    if not may_edit_taxonomy(p):
        raise Forbidden("Only talent admins and L&OD admins may change the taxonomy.")
    _check_skill(data, None if skill.pk is None else skill)
    try:
        with transaction.atomic():
            return _write_skill(skill, data, p.user)
    except IntegrityError as exc:
        # Only a concurrent write can get here: the checks above saw no clash.
        raise Conflict("Another change to the taxonomy got there first; reload and try again.") from exc


def create_skill(p: Personas, data: dict) -> Skill:
    return _guarded_write(p, Skill(), data)


def update_skill(p: Personas, skill: Skill, data: dict) -> Skill:
    return _guarded_write(p, skill, data)
