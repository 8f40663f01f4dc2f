"""Achievements and evidence for the credentials tests (the personas come from talentloop/conftest.py)."""

from __future__ import annotations

import datetime as dt

import pytest

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
