"""The only code that writes the job architecture: named, atomic actions that validate everything first."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from talentloop.accounts.personas import Personas
from talentloop.errors import Conflict, Forbidden, InvalidInput
from talentloop.matching import stamps
from talentloop.people.models import Aspiration
from talentloop.roles.models import Role, RoleSkill


def _check_role(data: dict, role: Role | None) -> None:
    others = Role.objects.exclude(pk=role.pk) if role is not None else Role.objects.all()
    if "slug" in data and others.filter(slug=data["slug"]).exists():
        raise Conflict({"slug": [f"A role with the slug {data['slug']} already exists."]})
    family = data.get("family", role.family if role else None)
    title = data.get("title", role.title if role else None)
    level = data.get("level", role.level if role else None)
    if others.filter(family=family, title=title, level=level).exists():
        raise Conflict({"title": [f"{family} already has a role {title!r} at level {level}."]})
    skills = data.get("skills")
    if skills is not None:
        errors: dict[str, list[str]] = {}
        seen: set[int] = set()
        for i, item in enumerate(skills):
            if item["skill"].pk in seen:
                errors[f"skills[{i}].skill"] = [f"{item['skill'].label} is listed twice."]
            seen.add(item["skill"].pk)
        if errors:
            raise InvalidInput(errors)


def _guarded_write(p: Personas, role: Role, data: dict) -> Role:
    if not p.is_talent_admin:
        raise Forbidden("Only talent admins may change the job architecture.")
    _check_role(data, None if role.pk is None else role)
    try:
        with transaction.atomic():
            for name in ("slug", "title", "family", "level", "description"):
                if name in data:
                    setattr(role, name, data[name])
            role.save()
            if data.get("skills") is not None:
                role.role_skills.all().delete()
                RoleSkill.objects.bulk_create(
                    RoleSkill(role=role, skill=s["skill"], proficiency=s["proficiency"], is_essential=s["is_essential"])
                    for s in data["skills"]
                )
                # The gap to a target role is where its aspirants grow: their rankings change.
                stamps.people_changed(*Aspiration.objects.filter(target_roles=role).values_list("employee_id", flat=True))
            return role
    except IntegrityError as exc:
        raise Conflict("Another change to the job architecture got there first; reload and try again.") from exc


def create_role(p: Personas, data: dict) -> Role:
    return _guarded_write(p, Role(), data)


def update_role(p: Personas, role: Role, data: dict) -> Role:
    return _guarded_write(p, role, data)
