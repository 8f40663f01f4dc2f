"""The demo organisation: deterministic for a seed, plausible, and legal by the marketplace's own rules."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import timedelta
from itertools import pairwise

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import Count, F, Max, Min, Q

from talentloop.accounts.personas import LOD_ADMIN_GROUP, TALENT_ADMIN_GROUP
from talentloop.demo.generator import AS_OF, LEARNING_HOST, build_demo
from talentloop.marketplace.access import awaiting_release
from talentloop.marketplace.lifecycle import (
    HOLDS_SEAT,
    LIVE,
    OPPORTUNITY_MOVES,
    Actor,
    ApplicationStatus,
    OpportunityActor,
    OpportunityStatus,
    OpportunityType,
    can_move,
    lifecycles,
    publish_needs_approval,
    release_required,
)
from talentloop.marketplace.models import (
    Application,
    ApplicationStatusChange,
    Completion,
    MentorshipSession,
    Opportunity,
    OpportunitySkill,
    OpportunityStatusChange,
    SkillRating,
)
from talentloop.organisation.models import current as organisation_settings
from talentloop.people.models import (
    VERIFIED_SOURCES,
    Aspiration,
    Employee,
    EmployeeSkill,
    RoleChange,
    SkillEvidence,
)
from talentloop.people.proficiency import level_after_observation
from talentloop.roles.models import Role, RoleSkill
from talentloop.skills.models import Skill

pytestmark = pytest.mark.django_db

N = 60
FROM_COMPLETION = Q(link__startswith="/opportunities/")  # evidence written by a completion links to its opportunity
FROM_LEARNING = Q(link__startswith=f"https://{LEARNING_HOST}/")  # evidence written by learning links to its item


def snapshot() -> dict:
    """What a seed decides, by natural keys (ids differ from one build to the next)."""
    return {
        "users": sorted(User.objects.values_list("username", "email", "first_name", "last_name")),
        "employees": sorted(Employee.objects.values_list(
            "user__username", "job_title", "role__slug", "department__slug", "manager__user__username", "hire_date",
            "leave_date", "weekly_hours_available", "open_to_opportunities", "public_id")),
        "skills": sorted(EmployeeSkill.objects.values_list("employee__user__username", "skill__slug", "proficiency", "verified")),
        "evidence": Counter(SkillEvidence.objects.values_list("employee_skill__skill__slug", "source", "observed_on")),
        "opportunities": sorted(Opportunity.objects.values_list(
            "public_id", "type", "title", "status", "owner__user__username", "seats", "total_hours", "mentorship_direction")),
        "opportunity_changes": Counter(OpportunityStatusChange.objects.values_list("opportunity__public_id", "to_status", "at")),
        "applications": sorted(Application.objects.values_list(
            "public_id", "applicant__user__username", "opportunity__public_id", "status", "status_changed_at", "release_required")),
        "ratings": Counter(SkillRating.objects.values_list("completion__application__public_id", "skill__slug", "level")),
        "sessions": Counter(MentorshipSession.objects.values_list("application__public_id", "held_on", "minutes")),
        "moves": sorted(RoleChange.objects.values_list("employee__user__username", "effective_on", "to_job_title")),
    }


def rule(opportunity: Opportunity) -> bool:
    """Whether an offer on this opportunity needs the line manager's release, by the organisation's settings."""
    return release_required(
        opportunity.type, total_hours=opportunity.total_hours, shadowing_release_hours=organisation_settings().shadowing_release_hours
    )


def histories() -> dict[int, list[ApplicationStatusChange]]:
    changes = defaultdict(list)
    for change in ApplicationStatusChange.objects.order_by("at", "id"):
        changes[change.application_id].append(change)
    return changes


def test_it_builds_the_same_organisation_for_a_seed_and_another_for_another_seed():
    first = build_demo(N, seed=5)
    before = snapshot()

    again = build_demo(N, seed=5, replace=True)
    assert snapshot() == before
    assert (again.employee_skills, again.evidence, again.applications, again.completions, again.opportunity_changes) == (
        first.employee_skills, first.evidence, first.applications, first.completions, first.opportunity_changes)

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
    assert summary.completions == Completion.objects.count() > 0
    assert summary.opportunity_changes == OpportunityStatusChange.objects.count()


@pytest.mark.parametrize("seed", [1, 3])
def test_it_gives_every_application_a_legal_history_for_its_type_and_never_overbooks(seed):
    build_demo(N, seed=seed)

    talent_admins = set(User.objects.filter(groups__name=TALENT_ADMIN_GROUP).values_list("pk", flat=True))
    moved = set(RoleChange.objects.values_list("employee_id", flat=True))
    changes = histories()
    applications = Application.objects.select_related(
        "opportunity__owner", "applicant__manager__manager", "applicant__user", "release_approver")
    for app in applications:
        opportunity, history = app.opportunity, changes[app.pk]
        needs_release = app.release_required or rule(opportunity)
        moves = [c for c in history if c.event == ""]
        first = moves[0]
        assert history[0] is first and first.from_status == ""
        assert (first.to_status, first.actor_role) in {("applied", Actor.APPLICANT), ("invited", Actor.OWNER)}
        for before, after in pairwise(history):
            assert after.at > before.at
        status = first.to_status
        for change in history[1:]:
            if change.event:  # a step that leaves the status as it is
                assert change.from_status == change.to_status == status, change.event
                continue
            assert change.from_status == status
            assert can_move(ApplicationStatus(change.from_status), ApplicationStatus(change.to_status), Actor(change.actor_role),
                            type=opportunity.type, needs_release=needs_release), (opportunity.type, change)
            status = change.to_status
        assert status == app.status
        assert app.status_changed_at == moves[-1].at
        assert app.created_at == first.at
        assert opportunity.published_at is not None and first.at > opportunity.published_at
        assert app.applicant_id != opportunity.owner_id
        assert app.applicant.hire_date < first.at.date()

        for change in history:
            who = {Actor.APPLICANT: {app.applicant.user_id}, Actor.OWNER: {opportunity.owner.user_id}, Actor.SYSTEM: {None}}
            if change.actor_role in who:
                assert change.actor_id in who[Actor(change.actor_role)], change
            elif app.applicant_id not in moved:  # a line manager: of the time, or whom the release was escalated to
                approvers = {app.applicant.manager.user_id, *talent_admins}
                if app.release_approver is not None:
                    approvers.add(app.release_approver.user_id)
                assert change.actor_id in approvers, change

    assert not ApplicationStatusChange.objects.exclude(application__in=applications).exists()
    held = Counter(Application.objects.filter(status__in=HOLDS_SEAT).values_list("opportunity_id", flat=True))
    for opportunity in Opportunity.objects.filter(pk__in=held):
        assert held[opportunity.pk] <= opportunity.seats
    live = Counter(Application.objects.filter(status__in=LIVE).values_list("opportunity_id", "applicant_id"))
    assert max(live.values()) == 1
    assert not Application.objects.filter(opportunity__status__in=["draft", "pending_approval"]).exists()
    assert not Application.objects.filter(opportunity__type="permanent_role", status="completed").exists()


def test_it_writes_the_events_the_services_write_beside_the_status_changes():
    build_demo(500, seed=1)

    events = ApplicationStatusChange.objects.exclude(event="").select_related("application__opportunity")
    kinds = Counter(events.values_list("event", flat=True))
    assert set(kinds) == {"escalated", "owner_confirmed", "participant_confirmed", "consent"}
    for change in events:
        app = change.application
        if change.event == "escalated":
            assert (change.to_status, change.actor_role, change.actor_id) == ("offered", Actor.SYSTEM, None)
            assert app.release_required and app.release_escalated_at == change.at
        elif change.event == "consent":
            assert change.actor_role == Actor.APPLICANT and app.share_with_manager
            assert app.opportunity.type == "permanent_role"
        else:
            assert change.to_status == "active"
            assert change.actor_role == (Actor.OWNER if change.event == "owner_confirmed" else Actor.APPLICANT)
    assert kinds["escalated"] == Application.objects.filter(release_escalated_at__isnull=False).count()


def test_it_decides_the_release_at_the_offer_by_the_rule():
    build_demo(500, seed=1)
    rules = organisation_settings()

    offered = set(ApplicationStatusChange.objects.filter(to_status="offered", event="").values_list("application_id", flat=True))
    escalated = {c.application_id: c for c in ApplicationStatusChange.objects.filter(event="escalated")}
    moved = set(RoleChange.objects.values_list("employee_id", flat=True))  # their line manager changed since
    seen = set()
    for app in Application.objects.select_related("opportunity", "applicant__manager__manager", "release_approver"):
        if app.pk not in offered:
            assert not app.release_required and app.release_approver is None
            continue
        assert app.release_required == rule(app.opportunity), app
        seen.add((OpportunityType(app.opportunity.type), app.release_required))
        if not app.release_required:
            assert app.release_approver is None and app.release_escalated_at is None
        elif app.pk in escalated:  # overdue: gone to the line manager's manager
            assert app.applicant_id in moved or app.release_approver == app.applicant.manager.manager
            assert escalated[app.pk].at - app.changes.get(to_status="offered", event="").at >= timedelta(days=rules.release_wait_days)
        else:
            assert app.applicant_id in moved or app.release_approver == app.applicant.manager
            if app.status == "offered":  # still waiting, and not overdue yet
                assert app.status_changed_at.date() >= AS_OF - timedelta(days=rules.release_wait_days)
    assert seen == set(lifecycles())  # offers in every lifecycle: each type, with and without a release where it can need one
    assert Application.objects.filter(status="offered", release_escalated_at__isnull=False).exists()


def test_it_records_each_opportunitys_path_as_the_services_do():
    build_demo(500, seed=1)
    threshold = organisation_settings().publish_approval_hours
    talent_admins = set(User.objects.filter(groups__name=TALENT_ADMIN_GROUP).values_list("pk", flat=True))

    changes = defaultdict(list)
    for change in OpportunityStatusChange.objects.order_by("at", "id"):
        changes[change.opportunity_id].append(change)
    for opportunity in Opportunity.objects.select_related("owner__manager"):
        history = changes[opportunity.pk]
        assert (history[0].from_status, history[0].to_status) == ("", "draft")
        assert history[0].at == opportunity.created_at
        for before, after in pairwise(history):
            assert after.from_status == before.to_status and after.at >= before.at
            assert OpportunityActor(after.actor_role) in OPPORTUNITY_MOVES[(OpportunityStatus(after.from_status), OpportunityStatus(after.to_status))]
        assert history[-1].to_status == opportunity.status
        for change in history:
            if change.actor_role == OpportunityActor.OWNER:
                assert change.actor_id == opportunity.owner.user_id
            elif RoleChange.objects.filter(employee=opportunity.owner, recorded_at__gt=change.at).exists():
                # The owner has moved since: their line manager then (not recorded) was someone's line manager.
                assert Employee.objects.filter(user_id=change.actor_id, reports__isnull=False).exists()
            else:  # the owner's line manager, or where there is none a talent admin
                manager = opportunity.owner.manager
                assert change.actor_id in ({manager.user_id} if manager else talent_admins)
        opened = [c.at for c in history if c.to_status == "open"]
        assert opportunity.published_at == (opened[0] if opened else None)
        ended = [c.at for c in history if c.to_status in ("closed", "cancelled")]
        assert opportunity.closed_at == (ended[0] if ended else None)
        needs_approval = publish_needs_approval(opportunity.type, opportunity.hours_per_week, threshold=threshold)
        asked = [c for c in history if c.to_status == "pending_approval"]
        assert bool(asked) <= needs_approval
        if opened:
            # Published above the threshold only with an approval covering the hours.
            assert needs_approval == any(c.from_status == "pending_approval" for c in history if c.to_status == "open")
            assert (opportunity.approved_hours_per_week or 0) >= (opportunity.hours_per_week if needs_approval else 0)

    pending = Opportunity.objects.filter(status="pending_approval")
    assert pending.exists() and not pending.filter(approved_hours_per_week__isnull=False).exists()
    assert Opportunity.objects.filter(status="open", approved_hours_per_week__isnull=False).exists()
    sent_back = OpportunityStatusChange.objects.filter(from_status="pending_approval", to_status="draft")
    assert not sent_back.filter(reason="").exists()


def test_it_gives_each_type_its_own_data():
    build_demo(500, seed=1)
    rules = organisation_settings()

    shadowing = Opportunity.objects.filter(type="job_shadowing")
    assert not shadowing.filter(total_hours__isnull=True).exists()
    assert not Opportunity.objects.exclude(type="job_shadowing").filter(total_hours__isnull=False).exists()
    totals = set(shadowing.values_list("total_hours", flat=True))
    assert 1 <= min(totals) < rules.shadowing_release_hours <= max(totals) <= rules.shadowing_max_hours
    for opportunity in shadowing:
        assert opportunity.hours_per_week <= opportunity.total_hours

    mentorships = Opportunity.objects.filter(type="mentorship").annotate(
        required=Count("skill_needs", filter=Q(skill_needs__need="required")),
        growth=Count("skill_needs", filter=Q(skill_needs__need="growth")),
    )
    directions = Counter(mentorships.values_list("mentorship_direction", flat=True))
    assert set(directions) == {"mentor_offers", "mentee_asks"} and directions["mentor_offers"] > directions["mentee_asks"]
    for mentorship in mentorships:
        if mentorship.mentorship_direction == "mentee_asks":
            assert mentorship.seats == 1 and mentorship.required >= 1 and mentorship.growth == 0
        else:
            assert mentorship.growth >= 1 and mentorship.topics
        assert all(isinstance(t, str) and 1 <= len(t) <= 80 for t in mentorship.topics) and len(mentorship.topics) <= 10
    assert mentorships.filter(reverse_mentoring=True).exists()
    others = Opportunity.objects.exclude(type="mentorship")
    assert not others.exclude(mentorship_direction="").exists() and not others.filter(reverse_mentoring=True).exists()
    assert not others.exclude(topics=[]).exists()

    roles = Application.objects.filter(opportunity__type="permanent_role")
    assert roles.filter(status="active").exists() and not roles.filter(status__in=["released", "completed"]).exists()
    assert not Completion.objects.filter(application__in=roles).exists()
    assert not Opportunity.objects.filter(type="permanent_role", role__isnull=True).exists()


def test_it_completes_with_both_sides_ratings_and_the_evidence_they_give():
    build_demo(500, seed=1)

    changes = histories()
    for app in Application.objects.filter(status="completed").select_related("opportunity__owner", "completion"):
        completion, opportunity = app.completion, app.opportunity
        assert completion.completed_at == app.status_changed_at
        assert completion.owner_confirmed_by_id == opportunity.owner.user_id
        assert completion.owner_confirmed_at < completion.completed_at and completion.participant_confirmed_at < completion.completed_at
        assert completion.hours >= 1
        events = {c.event: c for c in changes[app.pk] if c.event}
        assert events["owner_confirmed"].at == completion.owner_confirmed_at
        assert events["participant_confirmed"].at == completion.participant_confirmed_at
        if opportunity.type == "job_shadowing":
            assert completion.hours == opportunity.total_hours
        ratings = dict(completion.ratings.values_list("skill_id", "level"))
        assert ratings and set(ratings) <= set(opportunity.skill_needs.values_list("skill_id", flat=True))
        source, verified = ("peer_endorsement", False) if opportunity.mentorship_direction == "mentee_asks" else ("gig_feedback", True)
        evidence = SkillEvidence.objects.filter(employee_skill__employee=app.applicant, link=f"/opportunities/{opportunity.public_id}/")
        assert dict(evidence.values_list("employee_skill__skill_id", "proficiency")) == ratings
        assert set(evidence.values_list("source", "verified", "observed_on", "recorded_by_id")) == {
            (source, verified, completion.completed_at.date(), opportunity.owner.user_id)}
    # Only completions leave gig feedback; the others are waiting for one side (the other has confirmed).
    assert SkillEvidence.objects.filter(source="gig_feedback").count() == SkillEvidence.objects.filter(FROM_COMPLETION, verified=True).count()
    waiting = Completion.objects.filter(completed_at__isnull=True)
    assert waiting.exists() and not waiting.exclude(application__status="active").exists()
    for completion in waiting:
        assert (completion.owner_confirmed_at is None) != (completion.participant_confirmed_at is None)
        assert completion.ratings.exists() == (completion.owner_confirmed_at is not None)
    assert not Completion.objects.exclude(application__status__in=["active", "completed"]).exists()

    # The held level follows the rule for observed evidence: the last observation, unless verified proof is higher.
    observed = SkillEvidence.objects.filter(FROM_COMPLETION).order_by("observed_on", "id")
    last = {ev.employee_skill_id: ev for ev in observed}
    for es in EmployeeSkill.objects.filter(pk__in=last).prefetch_related("evidence"):
        ev = last[es.pk]
        if es.proficiency != ev.proficiency:
            assert es.proficiency > ev.proficiency
            assert any(e.verified and e.proficiency >= es.proficiency for e in es.evidence.all() if e.pk != ev.pk), es
        pieces = sorted(es.evidence.all(), key=lambda e: (e.observed_on, e.pk))
        if all(e.link.startswith("/opportunities/") for e in pieces):  # a skill first shown in an opportunity: replay it
            held = None
            for i, e in enumerate(pieces):
                proven = held is not None and any(x.verified and x.proficiency >= held for x in pieces[:i])
                held = level_after_observation(held, e.proficiency, held_is_verified=proven)
            assert es.proficiency == held
        assert es.verified == any(e.verified for e in es.evidence.all())
    assert set(observed.values_list("source", flat=True)) == {"gig_feedback", "peer_endorsement"}


def test_it_logs_sessions_on_active_and_completed_mentorships():
    build_demo(500, seed=1)

    sessions = MentorshipSession.objects.select_related("application__opportunity__owner", "application__applicant")
    assert sessions.exists()
    for session in sessions:
        app = session.application
        assert app.opportunity.type == "mentorship" and app.status in ("active", "completed")
        started = app.changes.get(to_status="active", event="").at
        assert started.date() <= session.held_on <= session.created_at.date() <= AS_OF and session.created_at > started
        assert session.logged_by_id in {app.opportunity.owner.user_id, app.applicant.user_id}
        assert 5 <= session.minutes <= 600
    for completion in Completion.objects.filter(application__opportunity__type="mentorship", owner_confirmed_at__isnull=False):
        minutes = sum(completion.application.sessions.values_list("minutes", flat=True))
        assert completion.hours == max(1, round(minutes / 60))
        assert not completion.application.sessions.filter(created_at__gt=completion.owner_confirmed_at).exists()
    mentoring = Application.objects.filter(opportunity__type="mentorship", status__in=["active", "completed"])
    assert mentoring.filter(sessions__isnull=False).distinct().count() >= 0.8 * mentoring.count()


def test_it_moves_people_into_the_permanent_roles_they_took_and_records_promotions_and_transfers():
    build_demo(500, seed=1)

    taken = Application.objects.filter(opportunity__type="permanent_role", status="active").select_related("opportunity__role")
    marketplace = RoleChange.objects.filter(reason__startswith="internal permanent role")
    assert taken.exists() and marketplace.count() == taken.count()
    # Moves HR records: promotions up the same track under the same manager, transfers to another department.
    recorded = RoleChange.objects.exclude(pk__in=marketplace).select_related("employee", "from_role", "to_role")
    assert recorded.filter(reason="promotion").exists() and recorded.filter(reason__startswith="transfer to").exists()
    assert recorded.count() == recorded.filter(Q(reason="promotion") | Q(reason__startswith="transfer to")).count()
    for move in recorded:
        employee = move.employee
        assert (employee.job_title, employee.role, employee.department) == (move.to_job_title, move.to_role, move.to_department)
        assert move.from_role is not None and move.to_role is not None and move.effective_on > employee.hire_date
        if move.reason == "promotion":
            assert move.to_role.level == move.from_role.level + 1 and move.to_department == move.from_department
        else:
            assert move.to_role.level == move.from_role.level and move.to_department != move.from_department
            assert employee.manager.department == move.to_department
    # About 6-10% of the people move in a year.
    last_year = RoleChange.objects.filter(effective_on__gt=AS_OF - timedelta(days=365)).values("employee").distinct().count()
    assert 0.05 <= last_year / Employee.objects.count() <= 0.12
    assert RoleChange.objects.values("employee").distinct().count() == RoleChange.objects.count()  # once each
    for app in taken:
        opportunity, employee = app.opportunity, app.applicant
        move = RoleChange.objects.get(employee=employee)
        assert move.effective_on == app.status_changed_at.date() and move.recorded_at == app.status_changed_at
        assert (move.to_job_title, move.to_role, move.to_department) == (opportunity.role.title, opportunity.role, opportunity.department)
        assert move.from_job_title != "" and move.from_role is not None and move.from_department is not None
        assert (employee.job_title, employee.role, employee.department, employee.manager) == (
            move.to_job_title, move.to_role, move.to_department, opportunity.owner)
    for employee in Employee.objects.select_related("manager"):  # still a tree
        boss, seen = employee.manager, {employee.pk}
        while boss is not None:
            assert boss.pk not in seen
            seen.add(boss.pk)
            boss = Employee.objects.get(pk=boss.manager_id) if boss.manager_id else None


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

    # Six to twelve skills each, besides those first shown in an opportunity or learned since.
    planned = EmployeeSkill.objects.filter(evidence__in=SkillEvidence.objects.exclude(FROM_COMPLETION | FROM_LEARNING)).distinct()
    counts = Counter(planned.values_list("employee_id", flat=True))
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

    # Most skills come from the person's own role, at around the role's proficiency (unless rated in an opportunity
    # or learned since).
    from_role = planned.filter(skill__role_skills__role=F("employee__role")).exclude(
        evidence__in=SkillEvidence.objects.filter(FROM_COMPLETION | FROM_LEARNING))
    assert from_role.count() >= 0.5 * planned.count()
    for held, asked in from_role.exclude(employee__role_changes__isnull=False).values_list("proficiency", "skill__role_skills__proficiency"):
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
    assert not leavers.filter(user__is_active=True).exists()
    # About a tenth leave in a year; a leaver has no team and nothing under way, and did everything before leaving.
    last_year = leavers.filter(leave_date__gt=AS_OF - timedelta(days=365)).count()
    employed = Employee.objects.filter(Q(leave_date__isnull=True) | Q(leave_date__gt=AS_OF - timedelta(days=365))).count()
    assert 0.05 <= last_year / employed <= 0.15
    assert not leavers.filter(reports__isnull=False).exists() and not leavers.filter(open_to_opportunities=True).exists()
    assert not Application.objects.filter(applicant__leave_date__isnull=False, status__in=[
        "invited", "applied", "shortlisted", "offered", "released", "accepted"]).exists()
    assert not Opportunity.objects.filter(owner__leave_date__isnull=False, status__in=["open", "draft", "pending_approval"]).exists()
    assert not ApplicationStatusChange.objects.filter(application__applicant__leave_date__lt=F("at__date")).exists()
    assert 0.25 <= Employee.objects.filter(open_to_opportunities=True).count() / 500 <= 0.45
    assert 0.5 <= Aspiration.objects.count() / 500 <= 0.7
    assert Employee.objects.filter(profile_visibility="organisation").exists()
    hires = Employee.objects.order_by("hire_date").values_list("hire_date", flat=True)
    assert (hires.last() - hires.first()).days > 10 * 365
    assert Opportunity.objects.count() == 100
    hours = {t: (lo, hi) for t, lo, hi in Opportunity.objects.values_list("type").annotate(Min("hours_per_week"), Max("hours_per_week"))}
    assert hours["permanent_role"][0] >= 37 and hours["gig"][1] <= 8
    for opportunity in Opportunity.objects.select_related("owner"):
        needs = Counter(OpportunitySkill.objects.filter(opportunity=opportunity).values_list("need", flat=True))
        if opportunity.mentorship_direction == "mentor_offers":  # what the mentor offers, mostly to grow
            assert 1 <= needs["growth"] <= 3 and needs["required"] <= 1 and needs["nice_to_have"] <= 1, opportunity
        elif opportunity.mentorship_direction == "mentee_asks":  # what the mentee asks the mentor to hold
            assert 1 <= needs["required"] <= 3 and needs["nice_to_have"] <= 1 and not needs["growth"], opportunity
        else:
            assert 2 <= needs["required"] <= 6 and needs["nice_to_have"] <= 3 and needs["growth"] <= 2, opportunity
        assert opportunity.owner.can_post_opportunities
        assert opportunity.owner.hire_date < opportunity.created_at.date()
    assert set(Opportunity.objects.values_list("status", flat=True)) == set(OpportunityStatus)


def test_it_creates_the_persona_accounts_with_their_groups_relationships_and_workflows():
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

    # Her gig offer waits for her manager's release.
    awaiting = Application.objects.get(applicant=employee, status="offered")
    assert awaiting.opportunity.type == "gig"
    assert awaiting.release_required and awaiting.release_approver == manager and awaiting.release_escalated_at is None
    assert list(awaiting_release(manager).filter(applicant=employee)) == [awaiting]
    assert len(set(Application.objects.filter(applicant=employee).values_list("status", flat=True))) >= 2

    # A mentorship done, with the mentor's verified feedback on her profile.
    mentored = Application.objects.get(applicant=employee, status="completed")
    assert mentored.opportunity.type == "mentorship" and mentored.opportunity.mentorship_direction == "mentor_offers"
    assert mentored.completion.ratings.exists() and mentored.sessions.exists()
    feedback = SkillEvidence.objects.filter(employee_skill__employee=employee, source="gig_feedback", verified=True)
    assert feedback.count() == mentored.completion.ratings.count()
    assert not employee.skills.filter(pk__in=feedback.values("employee_skill"), verified=False).exists()

    # Several open opportunities suit her: she holds every required skill at the level asked, and has the hours.
    held = dict(employee.skills.values_list("skill_id", "proficiency"))
    suited = 0
    for opportunity in Opportunity.objects.filter(status="open").exclude(owner=employee).exclude(applications__applicant=employee):
        required = OpportunitySkill.objects.filter(opportunity=opportunity, need="required").values_list("skill_id", "level")
        if opportunity.hours_per_week <= employee.weekly_hours_available and all(held.get(s, 0) >= lvl for s, lvl in required):
            suited += 1
    assert suited >= 3

    # The owner has applicants to shortlist and offer, a project waiting for approval and a completion to rate.
    owner = Employee.objects.get(user__username="owner")
    owned = Opportunity.objects.filter(owner=owner, status="open")
    assert owned.count() >= 3
    assert {"applied", "shortlisted"} <= set(Application.objects.filter(opportunity__in=owned).values_list("status", flat=True))
    assert Opportunity.objects.filter(owner=owner, status="pending_approval").exists()
    assert Completion.objects.filter(application__opportunity__owner=owner, application__status="active",
                                     participant_confirmed_at__isnull=False, owner_confirmed_at__isnull=True).exists()

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
    OpportunityStatusChange.objects.create(opportunity=opportunity, from_status="open", to_status="closed", actor_role="owner",
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


def test_replacing_the_demo_also_clears_the_inboxes_it_made():
    from talentloop.notifications.api import notify
    from talentloop.notifications.models import Notification

    build_demo(60, seed=1)
    someone = Employee.objects.select_related("user").first()
    notify(someone.user, "reminder", "Something waits on you")
    build_demo(60, seed=1, replace=True)
    assert not Notification.objects.exists()
