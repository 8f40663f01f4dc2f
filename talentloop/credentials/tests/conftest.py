"""Achievements and evidence for the credentials tests (the personas come from talentloop/conftest.py)."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.contrib.auth.models import Group, Permission

from talentloop.accounts.personas import LOD_ADMIN_GROUP
from talentloop.credentials.models import Achievement
from talentloop.people.models import EmployeeSkill, SkillEvidence
from talentloop.skills.models import Skill


def add_evidence(employee, skill_slug: str, level: int, *, source: str = "assessment", verified: bool = True):
    skill = Skill.objects.get(slug=skill_slug)
    es, _ = EmployeeSkill.objects.get_or_create(employee=employee, skill=skill, defaults={"proficiency": level})
    return SkillEvidence.objects.create(
        employee_skill=es, source=source, proficiency=level, observed_on=dt.date(2026, 11, 2), verified=verified
    )


@pytest.fixture
def python_practitioner(org) -> Achievement:
    return Achievement.objects.create(
        name="Python practitioner", description="Writes and ships production Python.",
        criteria_narrative="Shown Python at practitioner level or above, verified by an assessment, gig feedback or a manager.",
        skill=Skill.objects.get(slug="python"), level=3,
    )


@pytest.fixture
def lod_permissions(org) -> None:
    """What migration 0002 grants the L&OD admin group, granted again: a transactional test elsewhere in the run
    flushes the database, and the migration's rows with it."""
    grant = importlib.import_module("talentloop.credentials.migrations.0002_grant_achievements_to_lod_admins")
    group = Group.objects.get(name=LOD_ADMIN_GROUP)
    group.permissions.add(*Permission.objects.filter(content_type__app_label="credentials", codename__in=grant.PERMISSIONS))
