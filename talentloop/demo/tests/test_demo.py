"""The demo organisation: deterministic for a seed, plausible, and legal by the marketplace's own rules."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import timedelta
from itertools import pairwise

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import Count, F, Max, Min

from talentloop.accounts.personas import LOD_ADMIN_GROUP, TALENT_ADMIN_GROUP
from talentloop.demo.generator import build_demo
from talentloop.marketplace.lifecycle import (
    HOLDS_SEAT,
    LIVE,
    NEEDS_RELEASE,
    Actor,
    ApplicationStatus,
    OpportunityType,
    can_move,
)
from talentloop.marketplace.models import Application, ApplicationStatusChange, Opportunity, OpportunitySkill
from talentloop.people.models import VERIFIED_SOURCES, Aspiration, Employee, EmployeeSkill, SkillEvidence
from talentloop.roles.models import Role, RoleSkill
from talentloop.skills.models import Skill

pytestmark = pytest.mark.django_db

N = 60


def snapshot() -> dict:
    """What a seed decides, by natural keys (ids differ from one build to the next)."""
    return {
        "users": sorted(User.objects.values_list("username", "email", "first_name", "last_name")),
        "employees": sorted(Employee.objects.values_list(
            "user__username", "job_title", "role__slug", "department__slug", "manager__user__username", "hire_date",
            "leave_date", "weekly_hours_available", "open_to_opportunities", "public_id")),
        "skills": sorted(EmployeeSkill.objects.values_list("employee__user__username", "skill__slug", "proficiency", "verified")),
        "evidence": Counter(SkillEvidence.objects.values_list("employee_skill__skill__slug", "source", "observed_on")),
        "opportunities": sorted(Opportunity.objects.values_list("public_id", "type", "title", "status", "owner__user__username", "seats")),
        "applications": sorted(Application.objects.values_list(
            "public_id", "applicant__user__username", "opportunity__public_id", "status", "status_changed_at")),
    }


def test_it_builds_the_same_organisation_for_a_seed_and_another_for_another_seed():
    first = build_demo(N, seed=5)
    before = snapshot()

    again = build_demo(N, seed=5, replace=True)
    assert snapshot() == before
    assert (again.employee_skills, again.evidence, again.applications) == (first.employee_skills, first.evidence, first.applications)

    build_demo(N, seed=6, replace=True)
    after = snapshot()
    assert after["users"] != before["users"]
    assert after["skills"] != before["skills"]


def test_it_has_every_opportunity_type_and_every_application_status():
    summary = build_demo(N, seed=2)

    assert set(Opportunity.objects.values_list("type", flat=True)) == set(OpportunityType)
    assert set(Application.objects.values_list("status", flat=True)) == set(ApplicationStatus)
    assert Opportunity.objects.count() == 12  # at least 12, else employees / 5
    assert summary.applications == dict(Counter(Application.objects.values_list("status", flat=True))) | {
        s: 0 for s in ApplicationStatus if not Application.objects.filter(status=s).exists()
    }


@pytest.mark.parametrize("seed", [1, 3])
def test_it_gives_every_application_a_legal_history_and_never_overbooks(seed):
    build_demo(N, seed=seed)

    changes = defaultdict(list)
    for change in ApplicationStatusChange.objects.order_by("at", "id"):
        changes[change.application_id].append(change)
    applications = Application.objects.select_related("opportunity__owner", "applicant")
    for app in applications:
        history = changes[app.pk]
        release = app.opportunity.type in NEEDS_RELEASE
        first = history[0]
        assert first.from_status == ""
        assert (first.to_status, first.actor_role) in {("applied", Actor.APPLICANT), ("invited", Actor.OWNER)}
        for before, after in pairwise(history):
            assert after.from_status == before.to_status
            assert after.at > before.at
            assert can_move(ApplicationStatus(after.from_status), ApplicationStatus(after.to_status), Actor(after.actor_role),
                            needs_release=release), (after.from_status, after.to_status, after.actor_role)
        assert history[-1].to_status == app.status
        assert app.status_changed_at == history[-1].at
        assert app.created_at == history[0].at
        assert app.opportunity.published_at is not None and history[0].at > app.opportunity.published_at
        assert app.applicant_id != app.opportunity.owner_id

    assert not ApplicationStatusChange.objects.exclude(application__in=applications).exists()
    held = Counter(Application.objects.filter(status__in=HOLDS_SEAT).values_list("opportunity_id", flat=True))
    for opportunity in Opportunity.objects.filter(pk__in=held):
        assert held[opportunity.pk] <= opportunity.seats
    live = Counter(Application.objects.filter(status__in=LIVE).values_list("opportunity_id", "applicant_id"))
    assert max(live.values()) == 1
    assert not Application.objects.filter(opportunity__status="draft").exists()


def test_it_spreads_skills_by_role_and_seniority_with_evidence_that_matches_verified():
    build_demo(N, seed=4)

    for role in Role.objects.annotate(n=Count("role_skills")):
        assert 1 <= role.level <= 6
        assert 5 <= role.n <= 10, role
    by_family_skill = defaultdict(list)
    for family, level, skill, proficiency in RoleSkill.objects.values_list("role__family_id", "role__level", "skill_id", "proficiency"):
        by_family_skill[(family, skill)].append((level, proficiency))
    for levels in by_family_skill.values():
        proficiencies = [p for _, p in sorted(levels)]
        assert proficiencies == sorted(proficiencies)  # proficiency rises with level
    assert RoleSkill.objects.filter(is_essential=False).exists() and RoleSkill.objects.filter(is_essential=True).exists()

    counts = Counter(EmployeeSkill.objects.values_list("employee_id", flat=True))
    assert len(counts) == N and min(counts.values()) >= 6 and max(counts.values()) <= 12
    assert set(SkillEvidence.objects.values_list("source", flat=True)) >= {
        "self_declared", "manager_assessed", "peer_endorsement", "learning_completion", "assessment", "credential", "gig_feedback",
    }
    for source, verified in SkillEvidence.objects.values_list("source", "verified").distinct():
        assert verified == (source in VERIFIED_SOURCES)
    verified_skills = set(SkillEvidence.objects.filter(verified=True).values_list("employee_skill_id", flat=True))
    for es_id, verified in EmployeeSkill.objects.values_list("id", "verified"):
        assert verified == (es_id in verified_skills)
    assert not EmployeeSkill.objects.filter(evidence__isnull=True).exists()

    # Most skills come from the person's own role, at around the role's proficiency.
    from_role = EmployeeSkill.objects.filter(skill__role_skills__role=F("employee__role"))
    assert from_role.count() >= 0.5 * EmployeeSkill.objects.count()
    for held, asked in from_role.values_list("proficiency", "skill__role_skills__proficiency"):
        assert abs(held - asked) <= 1


def test_it_builds_a_hierarchy_with_departments_locations_leavers_and_aspirations():
    build_demo(500, seed=1)

    ceo = Employee.objects.get(manager__isnull=True)
    assert ceo.job_title == "Chief Executive Officer"
    assert Employee.objects.filter(manager=ceo).count() >= 5
    assert 10 <= Employee.objects.values("department").distinct().count() <= 15
    assert Employee.objects.values("location").distinct().count() == 6
    assert Employee.objects.values("location__country").distinct().count() >= 4
    leavers = Employee.objects.filter(leave_date__isnull=False)
    assert 1 <= leavers.count() <= 0.06 * 500
    assert not leavers.filter(user__is_active=True).exists()
    assert 0.25 <= Employee.objects.filter(open_to_opportunities=True).count() / 500 <= 0.45
    assert 0.5 <= Aspiration.objects.count() / 500 <= 0.7
    assert Employee.objects.filter(profile_visibility="organisation").exists()
    hires = Employee.objects.order_by("hire_date").values_list("hire_date", flat=True)
    assert (hires.last() - hires.first()).days > 10 * 365
    assert Opportunity.objects.count() == 100
    hours = {t: (lo, hi) for t, lo, hi in Opportunity.objects.values_list("type").annotate(Min("hours_per_week"), Max("hours_per_week"))}
    assert hours["permanent_role"][0] >= 37 and hours["gig"][1] <= 8
    for opportunity in Opportunity.objects.annotate(n=Count("skill_needs")):
        needs = Counter(OpportunitySkill.objects.filter(opportunity=opportunity).values_list("need", flat=True))
        assert 2 <= needs["required"] <= 6 and needs["nice_to_have"] <= 3 and needs["growth"] <= 2, opportunity
        assert opportunity.owner.can_post_opportunities
    assert set(Opportunity.objects.values_list("status", flat=True)) == {"draft", "open", "closed", "cancelled"}


def test_it_creates_the_persona_accounts_with_their_groups_and_relationships():
    build_demo(N, seed=9)
    password = settings.TALENTLOOP["DEMO_PASSWORD"]
    users = {u.username: u for u in User.objects.filter(username__in=["employee", "manager", "owner", "lod", "talent"])}
    assert set(users) == {"employee", "manager", "owner", "lod", "talent"}
    for user in users.values():
        assert user.check_password(password)
        assert not user.is_superuser

    employee = Employee.objects.get(user__username="employee")
    manager = Employee.objects.get(user__username="manager")
    assert employee.manager == manager
    assert manager.reports.filter(leave_date__isnull=True).count() >= 5
    assert employee.open_to_opportunities and employee.aspiration.target_roles.exists()
    assert employee.aspiration.skills_to_grow.exists()
    assert employee.skills.count() >= 8
    assert employee.skills.filter(evidence__source="manager_assessed").exists()

    awaiting_release = Application.objects.get(applicant=employee, status="offered")
    assert awaiting_release.opportunity.type == "gig"
    assert len(set(Application.objects.filter(applicant=employee).values_list("status", flat=True))) >= 2

    # Several open opportunities suit her: she holds every required skill at the level asked, and has the hours.
    held = dict(employee.skills.values_list("skill_id", "proficiency"))
    suited = 0
    for opportunity in Opportunity.objects.filter(status="open").exclude(owner=employee).exclude(applications__applicant=employee):
        required = OpportunitySkill.objects.filter(opportunity=opportunity, need="required").values_list("skill_id", "level")
        if opportunity.hours_per_week <= employee.weekly_hours_available and all(held.get(s, 0) >= lvl for s, lvl in required):
            suited += 1
    assert suited >= 3

    owner = Employee.objects.get(user__username="owner")
    owned = Opportunity.objects.filter(owner=owner, status="open")
    assert owned.count() >= 3
    assert {"applied", "shortlisted"} <= set(Application.objects.filter(opportunity__in=owned).values_list("status", flat=True))

    lod, talent = users["lod"], users["talent"]
    assert lod.is_staff and lod.groups.filter(name=LOD_ADMIN_GROUP).exists()
    assert talent.is_staff and talent.groups.filter(name=TALENT_ADMIN_GROUP).exists()


def test_it_leaves_room_for_new_rows_after_the_ids_it_assigned():
    build_demo(N, seed=1)
    employee = Employee.objects.get(user__username="employee")
    opportunity = Opportunity.objects.filter(status="open").exclude(applications__applicant=employee).exclude(owner=employee).first()

    user = User.objects.create(username="newcomer")
    newcomer = Employee.objects.create(user=user, job_title="New", department=employee.department, hire_date=employee.hire_date)
    skill = EmployeeSkill.objects.create(employee=newcomer, skill=employee.skills.first().skill, proficiency=2)
    SkillEvidence.objects.create(employee_skill=skill, source="self_declared", proficiency=2, observed_on=employee.hire_date)
    application = Application.objects.create(opportunity=opportunity, applicant=newcomer, status="applied",
                                             status_changed_at=opportunity.published_at)
    ApplicationStatusChange.objects.create(application=application, to_status="applied", actor_role="applicant",
                                           at=opportunity.published_at)
    OpportunitySkill.objects.create(opportunity=opportunity, skill=Skill.objects.exclude(opportunity_needs__opportunity=opportunity).first(),
                                    level=1, need="growth")
    assert newcomer.pk > Employee.objects.exclude(pk=newcomer.pk).order_by("-pk").first().pk


def test_it_has_people_working_only_on_opportunities_that_have_started():
    build_demo(500, seed=1)

    working = Application.objects.filter(status__in=["active", "completed"]).select_related("opportunity")
    assert working.exists()
    for application in working:
        assert application.opportunity.status == "closed"
        assert application.opportunity.start_date <= application.status_changed_at.date() + timedelta(days=60)
    assert not Application.objects.filter(opportunity__status="open", status__in=["active", "completed"]).exists()
