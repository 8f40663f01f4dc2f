"""The loop closes: verified gig feedback from a completion meets an achievement's criteria, and a credential is
issued on commit; a manager's assessment does too; unverified self-declaration does not."""

from __future__ import annotations

import pytest

from talentloop.credentials.models import Achievement, Credential
from talentloop.marketplace import services
from talentloop.marketplace.lifecycle import ApplicationStatus as S
from talentloop.people import services as people
from talentloop.testing import factories as f


@pytest.fixture
def sql_expert(org):
    return Achievement.objects.create(
        name="SQL expert", description="Writes SQL others learn from.", criteria_narrative="SQL 5, verified.",
        skill=org.gig.skill_needs.get(skill__slug="sql").skill, level=5,
    )


def test_a_completion_rated_at_the_level_issues_the_credential(org, sql_expert, django_capture_on_commit_callbacks):
    a = f.ApplicationFactory(opportunity=org.gig, applicant=org.employee, status=S.ACTIVE)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_owner_completion(org.personas(org.owner), a, [services.RatingInput(sql_expert.skill, 5)], 20)
        assert not Credential.objects.exists()  # not before the participant confirms
        services.confirm_participant_completion(org.personas(org.employee), a)
    credential = Credential.objects.get(employee=org.employee)
    assert credential.achievement == sql_expert and credential.revoked_at is None


def test_self_declared_evidence_earns_nothing_and_a_manager_assessment_does(org, sql_expert, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        people.set_skill(org.personas(org.employee), org.employee, sql_expert.skill, 5)
    assert not Credential.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        people.set_skill(org.personas(org.manager), org.employee, sql_expert.skill, 5)
    assert Credential.objects.filter(employee=org.employee, achievement=sql_expert).count() == 1
