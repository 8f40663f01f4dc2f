"""Small groups: no figure about fewer than the minimum number of people, nor one that subtraction would give back."""

from __future__ import annotations

import datetime as dt

import pytest

from talentloop.analytics.tables import SUPPRESSED, Column, Guard, Table
from talentloop.analytics.tests.builders import by_label, journey, opportunity, set_min_group
from talentloop.marketplace.models import ApplicationStatusChange
from talentloop.testing import factories as f


def test_counts_from_one_to_min_minus_one_are_hidden_and_zero_is_shown():
    g = Guard(10)
    assert [g.count(n) for n in (0, 1, 9, 10, 11)] == [0, SUPPRESSED, SUPPRESSED, 10, 11]


def test_a_share_needs_a_large_group_and_both_sides_of_it_large_or_empty():
    g = Guard(10)
    assert g.share(5, 9) is SUPPRESSED  # the group is too small
    assert g.share(3, 40) is SUPPRESSED  # 3 people counted
    assert g.share(35, 40) is SUPPRESSED  # 40 - 35 = 5 people not counted
    assert g.share(10, 40) == 25.0
    assert g.share(0, 40) == 0.0 and g.share(40, 40) == 100.0
    assert g.share(0, 0) is None  # no group, no figure (nothing hidden)


def test_other_figures_hide_with_the_people_behind_them():
    g = Guard(10)
    assert g.value(12.5, 4) is SUPPRESSED and g.value(12.5, 10) == 12.5 and g.value(None, 4) is None


def test_a_total_hides_wherever_a_row_it_adds_up_hides():
    g = Guard(10)
    rows = [{"label": "A", "n": g.count(30), "m": g.count(12)}, {"label": "B", "n": g.count(4), "m": g.count(15)}]
    total = Guard.total(rows, {"label": "All", "n": 34, "m": 27}, keep=["label"])
    # 34 - 30 would give B's 4 back: hidden; every m is shown, so is their total.
    assert total == {"label": "All", "n": SUPPRESSED, "m": 27}


def test_tables_replace_hidden_values_by_none_and_list_them():
    t = Table("t", "T", [Column("label", "Label", is_label=True), Column("n", "N", "people")],
              [{"label": "A", "n": SUPPRESSED}, {"label": "B", "n": 12}])
    assert t.rows[0]["n"] is None and t.suppressed == [(0, "n")]
    assert t.as_dict()["suppressed"] == [{"row": 0, "column": "n"}]


def test_the_minimum_comes_from_the_organisation_settings_and_applies_to_every_metric(metric, org):
    # The org has 4 employees in two departments: with the default minimum of 10, adoption shows no headcount.
    result = metric("adoption", start="2025-01-01", end="2025-12-31")
    assert result.min_group == 10
    assert all(row["headcount"] is None for row in result.table("profiles").rows)


@pytest.fixture
def three_and_twelve(org):
    set_min_group(10)
    engineering, finance = org.employee.department, org.owner.department
    people = [f.EmployeeFactory(department=finance, open_to_opportunities=(i < 10)) for i in range(11)]  # 12 in Finance
    return engineering, finance, people


def test_adoption_hides_the_small_department_and_the_total_that_would_reveal_it(metric, three_and_twelve):
    table = by_label(metric("adoption", start="2025-01-01", end="2025-12-31"), "profiles")
    # Engineering: 3 people: hidden. Finance: 12 people, 10 opted in, 2 not: the share and the count hide (2 < 10).
    assert table["Engineering"]["headcount"] is None
    assert table["Finance"]["headcount"] == 12
    assert table["Finance"]["opted_in"] is None and table["Finance"]["opted_in_pct"] is None
    assert table["Finance"]["completed"] == 0 and table["Finance"]["completed_pct"] == 0.0
    # All: 15 people, but 15 - 12 gives Engineering's 3 back: hidden.
    assert table["All departments"]["headcount"] is None


def test_retention_hides_groups_with_few_leavers_and_the_difference(metric, org, three_and_twelve):
    _, _, people = three_and_twelve
    gig = opportunity(org.owner, "gig", "2024-05-01", seats=20)
    for person in people:  # 11 participants
        journey(gig, person, ("applied", "2024-05-02"), ("offered", "2024-05-03"), ("accepted", "2024-05-04"))
    people[0].leave_date = dt.date(2025, 3, 1)  # one leaver: 10 of 11 retained, 1 left
    people[0].save()
    result = metric("retention", start="2025-01-01", end="2025-12-31")
    participants = result.table("retention").rows[0]
    assert participants["people"] == 11
    assert participants["retained"] is None and participants["retention"] is None and participants["ci_low"] is None
    assert result.table("difference").rows[0]["difference"] is None
    assert (0, "difference") in result.table("difference").suppressed


def test_a_count_beside_its_share_or_inside_a_larger_count_hides_when_the_rest_is_small():
    g = Guard(10)
    assert g.counted(35, 40) is SUPPRESSED and g.counted(20, 40) == 20 and g.counted(0, 5) is SUPPRESSED
    assert g.counted(0, 0) == 0
    # 30 holders, 28 verified: the 2 unverified would show; 30 holders, 15 verified: both halves are large.
    assert g.within(28, 30) is SUPPRESSED and g.within(15, 30) == 15 and g.within(0, 30) == 0 and g.within(30, 30) == 30


def test_a_release_row_hides_the_people_asked_when_an_outcome_hides(metric, org):
    set_min_group(2)
    boss = org.manager
    gig = opportunity(org.owner, "gig", "2025-01-05", seats=10)
    reports = [f.EmployeeFactory(department=org.employee.department, manager=boss) for _ in range(3)]
    for person in reports[:2]:  # two released
        journey(gig, person, ("applied", "2025-02-01"), ("offered", "2025-02-02"), ("released", "2025-02-03"),
                release_required=True, release_approver=boss)
    app = journey(gig, reports[2], ("applied", "2025-02-01"), ("offered", "2025-02-02"), release_required=True, release_approver=boss)
    ApplicationStatusChange.objects.create(application=app, from_status="offered", to_status="declined",
                                           actor_role="line_manager", at=app.changes.last().at.replace(day=4))
    row = by_label(metric("managers", start="2025-01-01", end="2025-12-31"), "releases")["Maria Manager"]
    # Released 2 (shown), declined 1 (hidden), lapsed 0: 3 asked would give the decline back, so it hides too.
    assert (row["asked"], row["released"], row["declined"], row["lapsed"]) == (None, 2, None, 0)
