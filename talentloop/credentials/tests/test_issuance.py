"""Issuing a credential when someone's evidence meets an achievement: once, and again only after a revocation."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import transaction

from talentloop.accounts.personas import Personas
from talentloop.credentials import api, services
from talentloop.credentials.models import Credential
from talentloop.credentials.tests.conftest import add_evidence


def test_verified_evidence_at_the_level_earns_the_credential(org, python_practitioner):
    add_evidence(org.employee, "python", 3, source="assessment")
    [credential] = services.evaluate_and_issue(org.employee)
    assert credential.achievement == python_practitioner
    assert credential.employee == org.employee
    subject = credential.document["credentialSubject"]
    assert subject["achievement"]["name"] == "Python practitioner"
    assert subject["achievement"]["criteria"]["narrative"].startswith("Shown Python")
    assert credential.document["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential.document["@context"][1] == "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
    assert credential.document["issuer"]["id"] == "http://127.0.0.1:8000/credentials/issuer"


def test_unverified_evidence_does_not_earn_it(org, python_practitioner):
    add_evidence(org.employee, "python", 5, source="learning_completion", verified=False)
    add_evidence(org.employee, "python", 5, source="self_declared", verified=False)
    assert services.evaluate_and_issue(org.employee) == []
    assert not Credential.objects.exists()


def test_evidence_below_the_level_does_not_earn_it(org, python_practitioner):
    add_evidence(org.employee, "python", 2, source="gig_feedback")
    assert services.evaluate_and_issue(org.employee) == []


def test_evidence_from_a_source_the_achievement_leaves_out_does_not_earn_it(org, python_practitioner):
    python_practitioner.evidence_sources = ["assessment"]
    python_practitioner.save()
    add_evidence(org.employee, "python", 4, source="manager_assessed")
    assert services.evaluate_and_issue(org.employee) == []
    add_evidence(org.employee, "python", 3, source="assessment")
    assert len(services.evaluate_and_issue(org.employee)) == 1


def test_an_inactive_achievement_is_not_issued(org, python_practitioner):
    python_practitioner.is_active = False
    python_practitioner.save()
    add_evidence(org.employee, "python", 4)
    assert services.evaluate_and_issue(org.employee) == []


def test_it_never_issues_the_same_achievement_twice(org, python_practitioner):
    add_evidence(org.employee, "python", 3)
    assert len(services.evaluate_and_issue(org.employee)) == 1
    add_evidence(org.employee, "python", 4, source="gig_feedback")
    assert services.evaluate_and_issue(org.employee) == []
    assert Credential.objects.count() == 1


def test_it_issues_again_after_a_revocation(org, python_practitioner):
    add_evidence(org.employee, "python", 3)
    [first] = services.evaluate_and_issue(org.employee)
    services.revoke(Personas(org.lod_admin), first, "Issued against a withdrawn assessment.")
    [second] = services.evaluate_and_issue(org.employee)
    assert second.pk != first.pk
    assert second.document["id"] != first.document["id"]
    assert Credential.objects.filter(revoked_at__isnull=True).count() == 1


def test_people_who_have_left_are_not_issued(org, python_practitioner):
    add_evidence(org.employee, "python", 4)
    org.employee.leave_date = org.employee.hire_date
    org.employee.save()
    assert services.evaluate_and_issue(org.employee) == []


def test_on_evidence_changed_issues_once_the_write_commits(org, python_practitioner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        add_evidence(org.employee, "python", 3)
        api.on_evidence_changed(org.employee.pk)
        assert not Credential.objects.exists()  # not before the evidence is committed
    assert len(callbacks) == 1
    assert Credential.objects.filter(employee=org.employee).count() == 1
    assert api.credentials_of(org.employee.pk)[0]["achievement"] == "Python practitioner"


def test_a_rolled_back_write_issues_nothing(org, python_practitioner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        add_evidence(org.employee, "python", 3)
        api.on_evidence_changed(org.employee.pk)
        raise RuntimeError("the evidence write failed")
    assert not Credential.objects.exists()


def test_the_command_issues_what_each_person_earned(org, python_practitioner, capsys):
    add_evidence(org.employee, "python", 3)
    add_evidence(org.colleague, "python", 2)
    call_command("issue-credentials")
    assert "Ada Lovelace: Python practitioner" in capsys.readouterr().out
    assert list(Credential.objects.values_list("employee", flat=True)) == [org.employee.pk]
    call_command("issue-credentials", "--employee", str(org.employee.public_id))
    assert "Issued 0 credentials." in capsys.readouterr().out


def test_the_first_issuance_creates_a_signing_key_when_there_is_none(org, python_practitioner):
    assert services.current_key() is None
    add_evidence(org.employee, "python", 3)
    [credential] = services.evaluate_and_issue(org.employee)
    assert credential.signing_key == services.current_key()
