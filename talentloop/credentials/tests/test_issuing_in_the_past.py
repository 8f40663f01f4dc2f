"""Recording a credential issued at an earlier moment (the demo's history): the row, the signed document and the
VC-JWT carry that moment, it still verifies, and only the achievements and evidence there were by then count."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from talentloop.credentials import api, keys, services
from talentloop.credentials.models import Credential
from talentloop.credentials.tests.conftest import add_evidence
from talentloop.credentials.tests.test_independent_verifier import run_verifier, subject_of
from talentloop.people.models import SkillEvidence

MARCH = dt.datetime(2024, 3, 14, 10, 30, 15, 123456, tzinfo=dt.UTC)  # the microseconds are dropped, as for now


@pytest.fixture(autouse=True)
def _achievement_since_2023(python_practitioner):
    python_practitioner.created_at = dt.datetime(2023, 1, 1, tzinfo=dt.UTC)
    python_practitioner.save()


def _evidence_at(employee, level: int, at: dt.datetime) -> None:
    evidence = add_evidence(employee, "python", level)
    SkillEvidence.objects.filter(pk=evidence.pk).update(created_at=at)


def test_a_credential_issued_in_the_past_carries_the_moment_in_the_row_the_document_and_the_jwt(
    org, python_practitioner, client, tmp_path,
):
    org.employee.user.email = "ada@example.org"
    org.employee.user.save()
    _evidence_at(org.employee, 3, MARCH - dt.timedelta(days=1))
    [credential] = services.evaluate_and_issue(org.employee, issued_at=MARCH)
    issued = MARCH.replace(microsecond=0)
    credential.refresh_from_db()
    assert credential.issued_at == issued
    assert credential.document["validFrom"] == "2024-03-14T10:30:15Z"
    _, payload, _, _ = keys.read_compact(credential.jwt)
    assert payload["nbf"] == int(issued.timestamp())
    assert payload["validFrom"] == "2024-03-14T10:30:15Z"
    assert services.check(credential).ok
    # And an Open Badges verifier not written here accepts it.
    svg = client.get(f"/credentials/{credential.public_id}.svg").content
    code, result = run_verifier(tmp_path, svg, subject_of(credential), credential.signing_key.public_key_pem)
    assert (code, result["valid"], result["trusted"]) == (0, True, True), result


def test_only_the_evidence_recorded_by_then_counts(org, python_practitioner):
    _evidence_at(org.employee, 3, MARCH + dt.timedelta(days=1))
    assert api.issue_now(org.employee.pk, issued_at=MARCH) == []
    [public_id] = api.issue_now(org.employee.pk, issued_at=MARCH + dt.timedelta(days=2))
    assert Credential.objects.get(public_id=public_id).issued_at == MARCH.replace(microsecond=0) + dt.timedelta(days=2)


def test_an_achievement_created_later_is_not_issued_as_of_before_it_existed(org, python_practitioner):
    _evidence_at(org.employee, 3, MARCH - dt.timedelta(days=1))
    python_practitioner.created_at = MARCH.replace(microsecond=0) + dt.timedelta(days=30)
    python_practitioner.save()
    assert api.issue_now(org.employee.pk, issued_at=MARCH) == []
    assert len(api.issue_now(org.employee.pk, issued_at=python_practitioner.created_at)) == 1


def test_without_a_moment_it_is_issued_now(org, python_practitioner):
    add_evidence(org.employee, "python", 3)
    before = timezone.now().replace(microsecond=0)
    [credential] = services.evaluate_and_issue(org.employee)
    assert before <= credential.issued_at <= timezone.now()


@pytest.mark.parametrize(("moment", "message"), [
    (dt.datetime(2024, 3, 14, 10, 30), "aware"),  # naive: refused
    (timezone.now() + dt.timedelta(hours=1), "future"),
    (dt.datetime(2020, 1, 5, 12, 0, tzinfo=dt.UTC), "hire date"),  # the day before the factory's hire date
])
def test_it_refuses_a_naive_moment_one_in_the_future_or_one_before_the_hire(org, python_practitioner, moment, message):
    add_evidence(org.employee, "python", 3)
    assert org.employee.hire_date == dt.date(2020, 1, 6)
    with pytest.raises(ValueError, match=message):
        services.evaluate_and_issue(org.employee, issued_at=moment)
    assert not Credential.objects.exists()
