"""run_audit over a small hand-built organisation: who is in each stage's population, who counts as selected,
and what falls outside the period."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from talentloop.accounts.personas import Personas
from talentloop.errors import Forbidden, InvalidInput
from talentloop.fairness.audit import RACE_ETHNICITY, SEX
from talentloop.fairness.models import Demographic, RecommendationExposure
from talentloop.fairness.services import INVITATIONS, RECOMMENDATIONS, SELECTIONS, run_audit
from talentloop.marketplace.models import ApplicationStatusChange
from talentloop.testing import factories as f

pytestmark = pytest.mark.django_db

MARCH = {"start": date(2026, 3, 1), "end": date(2026, 3, 31)}


def at(month: int, day: int, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def person(name: str, sex: str | None, *, open_: bool = True, **fields):
    emp = f.EmployeeFactory(user__username=name, open_to_opportunities=open_, **fields)
    if sex is not None:
        Demographic.objects.create(employee=emp, sex=sex, race_ethnicity="white")
    return emp


def history(applicant, *steps: tuple[str, datetime]):
    """An application on a fresh opportunity that went through `steps` (status, when)."""
    first, when = steps[0]
    application = f.ApplicationFactory(applicant=applicant, status=first, status_changed_at=when)
    previous = first
    for status, when in steps[1:]:
        ApplicationStatusChange.objects.create(
            application=application, from_status=previous, to_status=status, actor_role="owner", at=when
        )
        previous = status
    application.status, application.status_changed_at = previous, when
    application.save()
    return application


def group(report, stage: str, dimension: str, value: str):
    figures = report.stage(stage).figures.dimension(dimension)
    return next(g for g in figures.groups if g.category[dimension] == value)


@pytest.fixture
def admin(db):
    return Personas(f.UserFactory(username="root", is_superuser=True))


@pytest.fixture
def people(db):
    p = {name: person(name, "female") for name in ("f1", "f2", "f3")}
    p |= {name: person(name, "male") for name in ("m1", "m2", "m3")}
    p["u1"] = person("u1", None)  # gave no demographic data
    p["c1"] = person("c1", "female", open_=False)  # not open to opportunities
    p["c2"] = person("c2", "male", open_=False)  # not open now, but was invited in March
    p["gone"] = person("gone", "female", leave_date=date(2026, 2, 15))  # left before the period
    p["late"] = person("late", "male", hire_date=date(2026, 4, 10))  # joined after it
    return p


def test_recommendations_count_the_top_k_shown_in_the_period(admin, people):
    gig = f.OpportunityFactory()
    shown = [people[n] for n in ("f1", "m1", "m2", "m3")]  # m3 at rank 4: outside the top 3
    RecommendationExposure.objects.bulk_create(
        [RecommendationExposure(opportunity=gig, employee=e, rank=r, shown_at=at(3, 10)) for r, e in enumerate(shown, 1)]
    )
    RecommendationExposure.objects.create(opportunity=gig, employee=people["f2"], rank=1, shown_at=at(2, 28, 23, 59))
    RecommendationExposure.objects.create(opportunity=gig, employee=people["f3"], rank=1, shown_at=at(4, 1, 0, 0))

    report = run_audit(admin, **MARCH, k=3, min_group=2)

    # Open and employed in March: f1-f3, m1-m3, u1 (the owner, c1 and c2 are not open; gone and late not employed).
    stage = report.stage(RECOMMENDATIONS)
    assert stage.figures.population == 7
    women, men = group(report, RECOMMENDATIONS, SEX, "female"), group(report, RECOMMENDATIONS, SEX, "male")
    assert (women.count, women.selected, men.count, men.selected) == (3, 1, 3, 2)
    assert men.is_reference
    assert women.impact_ratio == pytest.approx((1 / 3) / (2 / 3))
    assert women.below_four_fifths
    assert stage.figures.dimension(SEX).unknown == 1
    assert group(report, RECOMMENDATIONS, RACE_ETHNICITY, "white").count == 6

    # With k = 4, m3 counts too.
    men = group(run_audit(admin, **MARCH, k=4, min_group=2), RECOMMENDATIONS, SEX, "male")
    assert men.selected == 3


def test_invitations_count_invitations_in_the_period_and_whoever_was_invited(admin, people):
    history(people["c2"], ("invited", at(3, 5)))
    history(people["f2"], ("invited", at(3, 15)))
    history(people["f3"], ("invited", at(2, 20)))  # before the period
    history(people["m1"], ("invited", at(3, 31, 23, 0)))  # the last day counts whole

    report = run_audit(admin, **MARCH, k=10, min_group=2)

    # The 7 open people, and c2: invited in March, so open then, whatever they chose since.
    assert report.stage(INVITATIONS).figures.population == 8
    women, men = group(report, INVITATIONS, SEX, "female"), group(report, INVITATIONS, SEX, "male")
    assert (women.count, women.selected) == (3, 1)  # f2
    assert (men.count, men.selected) == (4, 2)  # m1, c2
    assert men.is_reference
    assert women.impact_ratio == pytest.approx((1 / 3) / (2 / 4))
    assert women.below_four_fifths


def test_selections_count_seats_reached_on_applications_made_in_the_period(admin, people):
    history(people["c2"], ("invited", at(3, 5)))
    history(people["f2"], ("invited", at(3, 15)), ("applied", at(3, 16)), ("offered", at(3, 20)))
    history(people["m1"], ("invited", at(3, 31, 23, 0)))
    history(people["f1"], ("applied", at(3, 2)), ("shortlisted", at(3, 5)), ("offered", at(4, 2)))  # offer too late
    history(people["m2"], ("applied", at(2, 10)), ("offered", at(3, 3)))  # applied before the period
    history(people["m3"], ("applied", at(3, 4)), ("offered", at(3, 6)), ("accepted", at(3, 7)))
    history(people["f3"], ("invited", at(2, 20)))
    history(people["f3"], ("applied", at(3, 8)), ("declined", at(3, 9)))
    history(people["u1"], ("applied", at(3, 9)), ("offered", at(3, 12)))
    history(people["c1"], ("applied", at(3, 10)), ("offered", at(3, 11)))  # applying needs no opt-in
    history(people["gone"], ("applied", at(1, 5)), ("offered", at(1, 20)))

    report = run_audit(admin, **MARCH, k=10, min_group=2)

    stage = report.stage(SELECTIONS)
    assert stage.figures.population == 8  # c2, f2, m1, f1, m3, f3, u1, c1
    women, men = group(report, SELECTIONS, SEX, "female"), group(report, SELECTIONS, SEX, "male")
    assert (women.count, women.selected) == (4, 2)  # f2, c1
    assert (men.count, men.selected) == (3, 1)  # m3
    assert women.is_reference
    assert men.impact_ratio == pytest.approx((1 / 3) / (2 / 4))
    assert stage.figures.dimension(SEX).unknown == 1


def test_it_refuses_people_without_the_permission(people, org):
    for who in (org.lod_admin, org.outsider, org.employee.user, org.manager.user, org.owner.user):
        with pytest.raises(Forbidden):
            run_audit(Personas(who), **MARCH)
    assert run_audit(Personas(org.talent_admin), **MARCH).stage(SELECTIONS).figures.population == 0


@pytest.mark.parametrize("kwargs, field", [
    ({"start": date(2026, 4, 1), "end": date(2026, 3, 31)}, "end"),
    ({"start": date(2023, 3, 30), "end": date(2026, 3, 31)}, "start"),
    ({**MARCH, "k": 0}, "k"),
    ({**MARCH, "k": 101}, "k"),
    ({**MARCH, "min_group": 0}, "min_group"),
])
def test_it_names_the_field_of_a_bad_period_or_setting(admin, kwargs, field):
    with pytest.raises(InvalidInput) as caught:
        run_audit(admin, **kwargs)
    assert list(caught.value.errors) == [field]


def test_a_period_of_exactly_three_years_is_allowed(admin):
    report = run_audit(admin, start=date(2023, 3, 31), end=date(2026, 3, 31))
    assert [s.stage for s in report.stages] == [RECOMMENDATIONS, INVITATIONS, SELECTIONS]
