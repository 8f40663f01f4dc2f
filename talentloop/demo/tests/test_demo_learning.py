"""The demo's learning: a catalog covering the taxonomy, learning histories that follow the learning rules, pathways
measured from the gap of the day they started, and credentials issued and signed by the credentials service."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import UTC, datetime, time, timedelta
from itertools import pairwise

import pytest
from django.db.models import Min, Q
from django.utils import timezone

from talentloop.credentials import criteria
from talentloop.credentials.models import Achievement, Credential, SigningKey
from talentloop.credentials.services import check
from talentloop.demo.generator import CREDENTIALS_AT_MOST, LEARNING_HOST, build_demo, wipe_demo
from talentloop.learning import rules
from talentloop.learning.models import (
    ASSESSING_KINDS,
    LearningItem,
    LearningItemSkill,
    LearningRecord,
    LearningRecordEvent,
)
from talentloop.marketplace.models import OpportunitySkill
from talentloop.pathways.models import Pathway
from talentloop.pathways.services import plan_for_role
from talentloop.people.models import Aspiration, Employee, EmployeeSkill, SkillEvidence
from talentloop.roles.models import RoleSkill
from talentloop.skills.models import Skill

pytestmark = pytest.mark.django_db

N = 60
FROM_COMPLETION = Q(link__startswith="/opportunities/")
FROM_LEARNING = Q(link__startswith=f"https://{LEARNING_HOST}/")


def planned_levels() -> dict[tuple[int, int], int]:
    """(employee, skill) -> the level held before any learning or opportunity: the highest planned evidence."""
    levels: dict[tuple[int, int], int] = {}
    for employee_id, skill_id, proficiency in SkillEvidence.objects.exclude(FROM_COMPLETION | FROM_LEARNING).values_list(
        "employee_skill__employee_id", "employee_skill__skill_id", "proficiency"
    ):
        key = (employee_id, skill_id)
        levels[key] = max(levels.get(key, 0), proficiency)
    return levels


def learning_snapshot() -> dict:
    return {
        "items": sorted(LearningItem.objects.values_list(
            "public_id", "slug", "title", "kind", "provider", "duration_minutes", "format", "compliance", "activity_id")),
        "taught": sorted(LearningItemSkill.objects.values_list("item__slug", "skill__slug", "target_level")),
        "records": sorted(LearningRecord.objects.values_list(
            "public_id", "employee__user__username", "item__slug", "status", "progress", "score", "enrolled_at", "completed_at",
            "source")),
        "events": Counter(LearningRecordEvent.objects.values_list("record__public_id", "outcome", "status", "progress", "at")),
        "pathways": sorted(Pathway.objects.values_list("employee__user__username", "role__slug", "started_at", "initial_steps")),
        "achievements": sorted(Achievement.objects.values_list("public_id", "name", "skill__slug", "level")),
        "credentials": sorted(Credential.objects.values_list("employee__user__username", "achievement__name")),
    }


def test_the_catalog_covers_most_skills_in_use_leaves_a_few_untaught_and_has_compliance_beside_it():
    build_demo(N, seed=3)

    in_use = (set(EmployeeSkill.objects.values_list("skill_id", flat=True))
              | set(RoleSkill.objects.values_list("skill_id", flat=True))
              | set(OpportunitySkill.objects.values_list("skill_id", flat=True)))
    taught = set(LearningItemSkill.objects.filter(item__compliance=False).values_list("skill_id", flat=True))
    active = set(Skill.objects.filter(is_active=True).values_list("id", flat=True))
    # A few skills have nothing in the catalog: gaps for the learning-asset audit to find.
    assert in_use - taught and len(in_use & taught) >= 0.85 * len(in_use)
    assert 0.85 * len(active) <= len(active & taught) < len(active)
    maya = Employee.objects.get(user__username="employee")
    assert set(EmployeeSkill.objects.filter(employee=maya).values_list("skill_id", flat=True)) <= taught
    per_skill = Counter(LearningItemSkill.objects.filter(item__compliance=False, item__kind__in=["course", "module", "assessment",
                                                                                                 "micro_certification"])
                        .values_list("skill_id", flat=True))
    assert min(per_skill.values()) >= 1 and max(per_skill.values()) <= 3

    items = LearningItem.objects.all()
    assert set(items.values_list("kind", flat=True)) == {"course", "module", "programme", "assessment", "micro_certification"}
    compliance = items.filter(compliance=True)
    assert 0.07 <= compliance.count() / items.count() <= 0.13
    assert compliance.filter(title__icontains="data protection").exists() and compliance.filter(title__icontains="bribery").exists()
    # Compliance teaches no skill, or a soft one at working level.
    assert not LearningItemSkill.objects.filter(item__compliance=True, target_level__gt=2).exists()
    assert LearningItemSkill.objects.filter(item__compliance=True).values("item").distinct().count() < compliance.count()
    for kind, low, high in (("assessment", 3, 4), ("micro_certification", 3, 4), ("course", 2, 4), ("module", 2, 4)):
        levels = set(LearningItemSkill.objects.filter(item__kind=kind, item__compliance=False).values_list("target_level", flat=True))
        assert levels and min(levels) >= low and max(levels) <= high, kind
    assert all(n >= 2 for n in Counter(LearningItemSkill.objects.filter(item__kind="programme").values_list("item_id", flat=True)).values())
    for item in items:
        assert item.activity_id == f"https://{LEARNING_HOST}/activities/{item.slug}"
        assert item.url.startswith(f"https://{LEARNING_HOST}/") and item.provider and item.duration_minutes > 0


def test_learning_records_follow_the_rules_with_their_evidence_and_events():
    build_demo(500, seed=1)

    records = LearningRecord.objects.select_related("item", "employee")
    assert set(records.values_list("status", flat=True)) == {"enrolled", "in_progress", "completed", "passed", "failed"}
    assert records.filter(source__startswith="xapi:").exists() and records.filter(source="ui").exists()
    learners = records.values("employee").distinct().count()
    current = Employee.objects.filter(leave_date__isnull=True).count()
    assert 0.4 * current <= learners <= 0.7 * current
    # Leavers learned while they were there: everything they did ended before their last day.
    left = records.filter(employee__leave_date__isnull=False)
    assert left.exists()
    for record in left:
        assert record.updated_at.date() <= record.employee.leave_date

    events = defaultdict(list)
    for event in LearningRecordEvent.objects.order_by("at", "id"):
        events[event.record_id].append(event)
    taught = defaultdict(list)
    for item_id, slug, skill_id, level in LearningItemSkill.objects.values_list("item_id", "skill__slug", "skill_id", "target_level"):
        taught[item_id].append((slug, skill_id, level))
    learned = {(e.employee_skill.employee_id, e.link, e.employee_skill.skill_id): e
               for e in SkillEvidence.objects.filter(FROM_LEARNING).select_related("employee_skill")}
    evidence_levels: dict[tuple[int, str, int], int] = {}
    with_evidence = 0
    for record in records:
        item, history = record.item, events[record.pk]
        assessing = item.kind in ASSESSING_KINDS
        assert history[0].outcome == "enrolled" and history[0].at == record.enrolled_at
        assert history[-1].status == record.status
        for before, after in pairwise(history):
            assert rules.moves_forward(before.status, after.status, assessing=assessing)
            assert before.at <= after.at
        assert all(e.source == record.source for e in history)
        assert (record.completed_at is not None) == (record.status in {"completed", "passed"})
        if record.status in {"completed", "passed"}:
            assert record.progress == 100 and record.completed_at == history[-1].at
        if record.status in {"passed", "failed"}:
            assert record.score is not None and (record.score >= 0.7) == (record.status == "passed")
        gives = rules.gives_evidence(record.status, assessing=assessing)
        mine = {skill_id: learned.get((record.employee_id, item.url, skill_id)) for _, skill_id, _ in taught[item.pk]}
        if not gives:
            assert not any(mine.values())
            assert all(e.evidence_levels == {} for e in history)
            continue
        with_evidence += 1
        assert history[-1].evidence_levels.keys() == {slug for slug, _, _ in taught[item.pk]}
        assert all(e.evidence_levels == {} for e in history[:-1])
        for slug, skill_id, level in taught[item.pk]:
            evidence = mine[skill_id]
            source = "assessment" if assessing else "learning_completion"
            assert (evidence.source, evidence.verified, evidence.proficiency) == (source, assessing, level)
            assert evidence.observed_on == record.completed_at.date() and evidence.created_at == record.completed_at
            evidence_levels[(record.employee_id, item.url, skill_id)] = history[-1].evidence_levels[slug]
    assert with_evidence and len(learned) == len(evidence_levels)

    # Replay each skill: the planned level, then each learning in time order by the rules; opportunities rate it after.
    planned = planned_levels()
    by_skill = defaultdict(list)
    for key, evidence in learned.items():
        by_skill[(key[0], key[2])].append(evidence)
    assessing_links = {f"https://{LEARNING_HOST}/catalog/{slug}" for slug in
                       LearningItem.objects.filter(kind__in=ASSESSING_KINDS).values_list("slug", flat=True)}
    rated = set(SkillEvidence.objects.filter(FROM_COMPLETION).values_list("employee_skill__employee_id", "employee_skill__skill_id"))
    held_now = {(e, s): (p, v) for e, s, p, v in EmployeeSkill.objects.values_list("employee_id", "skill_id", "proficiency", "verified")}
    for (employee_id, skill_id), pieces in by_skill.items():
        held = planned.get((employee_id, skill_id))
        for evidence in sorted(pieces, key=lambda e: (e.created_at, e.pk)):
            if evidence.link in assessing_links:
                held = rules.level_after_pass(held, evidence.proficiency)
            else:
                held = rules.level_after_completion(held, evidence.proficiency)
            assert evidence_levels[(employee_id, evidence.link, skill_id)] == held
        if (employee_id, skill_id) not in rated:
            assert held_now[(employee_id, skill_id)][0] == held
        assert not SkillEvidence.objects.filter(
            FROM_COMPLETION, employee_skill__employee_id=employee_id, employee_skill__skill_id=skill_id,
            created_at__lt=max(e.created_at for e in pieces)).exists()
    verified = set(SkillEvidence.objects.filter(verified=True).values_list("employee_skill__employee_id", "employee_skill__skill_id"))
    assert all(v == (key in verified) for key, (_, v) in held_now.items())


def test_pathways_measure_the_gap_of_the_day_they_started_and_maya_is_on_her_way():
    build_demo(500, seed=1)

    pathways = Pathway.objects.select_related("employee", "role")
    with_targets = Aspiration.objects.filter(target_roles__isnull=False, employee__leave_date__isnull=True).values("employee").distinct().count()
    assert 0.15 * with_targets <= pathways.count() <= 0.5 * with_targets
    planned = planned_levels()
    for pathway in pathways:
        employee, role = pathway.employee, pathway.role
        assert Aspiration.objects.filter(employee=employee, target_roles=role).exists()
        assert employee.leave_date is None and pathway.started_at.date() >= employee.hire_date
        needs = list(RoleSkill.objects.filter(role=role).values_list("skill_id", "proficiency"))
        # Nothing learned or rated on the role's skills before the start: the gap then is the planned one.
        assert not SkillEvidence.objects.filter(
            FROM_COMPLETION | FROM_LEARNING, employee_skill__employee=employee,
            employee_skill__skill_id__in=[s for s, _ in needs], created_at__lt=pathway.started_at).exists()
        assert pathway.initial_steps == sum(max(0, level - planned.get((employee.pk, skill), 0)) for skill, level in needs)
    assert LearningRecord.objects.filter(employee__pathways__isnull=False, status__in=["completed", "passed"]).exists()

    maya = Employee.objects.get(user__username="employee")
    pathway = Pathway.objects.get(employee=maya)
    progress = plan_for_role(maya, pathway.role).progress
    assert progress is not None and 0 < progress < 1
    done = LearningRecord.objects.filter(employee=maya, status="completed", item__kind__in=["course", "module"])
    assert done.count() >= 2 and not done.filter(completed_at__lt=pathway.started_at).exists()
    assert LearningRecord.objects.filter(employee=maya, status="in_progress").exists()


def test_issued_credentials_verify_and_meet_their_achievements_criteria():
    build_demo(500, seed=1)

    achievements = Achievement.objects.select_related("skill")
    assert 4 <= achievements.count() <= 8
    assert achievements.filter(skill__slug="python", level=3).exists() and achievements.filter(skill__slug="sql", level=4).exists()
    credentials = Credential.objects.select_related("achievement", "employee", "signing_key")
    holders = set(credentials.values_list("employee_id", flat=True))
    assert credentials.exists() and len(holders) <= CREDENTIALS_AT_MOST
    assert credentials.filter(employee__user__username="employee").exists()
    assert len({c.signing_key_id for c in credentials}) == 1 and SigningKey.objects.filter(retired_at__isnull=True).count() == 1
    for credential in credentials:
        assert check(credential).ok, credential
        achievement = credential.achievement
        rule = criteria.Criteria(achievement.pk, achievement.skill_id, achievement.level, frozenset(achievement.evidence_sources))
        evidence = [criteria.Evidence(s, src, p, v) for s, src, p, v in SkillEvidence.objects.filter(
            employee_skill__employee=credential.employee).values_list("employee_skill__skill_id", "source", "proficiency", "verified")]
        assert criteria.is_met(rule, evidence), credential
        assert credential.employee.leave_date is None
        assert credential.document["credentialSubject"]["achievement"]["name"] == achievement.name
    assert credentials.count() == len(set(credentials.values_list("employee_id", "achievement_id")))


def test_credentials_are_issued_when_their_criteria_were_first_met_so_over_many_months():
    build_demo(500, seed=1)

    credentials = list(Credential.objects.select_related("achievement", "employee"))
    months = Counter((c.issued_at.year, c.issued_at.month) for c in credentials)
    assert len(months) > 1, months  # not one spike on the day the demo was generated
    assert max(months.values()) < len(credentials) / 2, months
    now = timezone.now()
    for credential in credentials:
        achievement, employee = credential.achievement, credential.employee
        first = SkillEvidence.objects.filter(
            employee_skill__employee=employee, employee_skill__skill_id=achievement.skill_id, verified=True,
            proficiency__gte=achievement.level, source__in=achievement.evidence_sources,
        ).aggregate(first=Min("created_at"))["first"]
        first = max(first, achievement.created_at)  # those who met the criteria before got it when it was created
        hired = datetime.combine(employee.hire_date, time(), tzinfo=UTC)
        first_second = first if not first.microsecond else first.replace(microsecond=0) + timedelta(seconds=1)
        assert credential.issued_at == min(max(first_second, hired), now), credential
        assert credential.document["validFrom"] == credential.issued_at.isoformat().replace("+00:00", "Z")


def test_it_builds_the_same_learning_for_a_seed_and_other_learning_for_another():
    build_demo(N, seed=5)
    before = learning_snapshot()

    build_demo(N, seed=5, replace=True)
    assert learning_snapshot() == before

    build_demo(N, seed=6, replace=True)
    after = learning_snapshot()
    assert after["records"] != before["records"] and after["items"] != before["items"]


def test_wiping_the_demo_deletes_learning_and_credentials_but_keeps_the_signing_key():
    first = build_demo(N, seed=2)
    key = SigningKey.objects.get(retired_at__isnull=True)

    again = build_demo(N, seed=2, replace=True)
    assert (again.learning_items, again.learning_records, again.pathways) == (first.learning_items, first.learning_records, first.pathways)
    assert LearningItem.objects.count() == first.learning_items and Credential.objects.count() == again.credentials
    assert set(Credential.objects.values_list("signing_key_id", flat=True)) == {key.pk}

    wipe_demo()
    for model in (LearningItem, LearningItemSkill, LearningRecord, LearningRecordEvent, Pathway, Achievement, Credential):
        assert not model.objects.exists(), model
    assert SigningKey.objects.filter(pk=key.pk, retired_at__isnull=True).exists()
