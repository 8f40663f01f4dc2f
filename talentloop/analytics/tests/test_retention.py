"""Retention of participants against non-participants, with Wilson and Newcombe intervals."""

from __future__ import annotations

import datetime as dt

import pytest

from talentloop.analytics.tests.builders import journey, opportunity, set_min_group
from talentloop.testing import factories as f


@pytest.fixture
def cohort(org):
    set_min_group(1)
    dept = org.owner.department
    fin1, fin2 = f.EmployeeFactory(department=dept), f.EmployeeFactory(department=dept)
    gig = opportunity(org.owner, "gig", "2024-06-01", seats=10)
    # Participants: took a seat in the year before 2025-01-01 (Ada, Carl, fin1, fin2); fin2 left on 2025-05-31.
    for person in (org.employee, org.colleague, fin1, fin2):
        journey(gig, person, ("applied", "2024-06-05"), ("offered", "2024-06-10"), ("accepted", "2024-06-15"))
    fin2.leave_date = dt.date(2025, 5, 31)
    fin2.save()
    # Maria took a seat in 2023: too long ago, she is a non-participant.
    old = opportunity(org.owner, "gig", "2023-04-01")
    journey(old, org.manager, ("applied", "2023-04-05"), ("offered", "2023-04-20"), ("accepted", "2023-05-01"))
    # Non-participants: Maria, Olga, and n1..n4; n1, n2 and n4 leave before the last day, n3 after it.
    f.EmployeeFactory(department=dept, leave_date=dt.date(2025, 2, 28))
    f.EmployeeFactory(department=dept, leave_date=dt.date(2025, 12, 30))
    f.EmployeeFactory(department=dept, leave_date=dt.date(2026, 1, 15))
    f.EmployeeFactory(department=dept, leave_date=dt.date(2025, 9, 9))
    # Not employed on 2025-01-01: out of both groups.
    f.EmployeeFactory(department=dept, hire_date=dt.date(2025, 3, 1))
    f.EmployeeFactory(department=dept, leave_date=dt.date(2024, 12, 31))


def test_it_compares_retention_with_wilson_intervals_and_a_newcombe_difference(metric, cohort):
    result = metric("retention", start="2025-01-01", end="2025-12-31")
    groups = {row["group"]: row for row in result.table("retention").rows}
    # Participants: 4, still employed on 2025-12-31: 3 (fin2 left) = 75.0%.
    # Wilson, z = 1.96: centre (0.75 + 3.8415/8) / (1 + 3.8415/4) = 0.6275;
    # half-width (1.96 / 1.9604) * sqrt(0.75 * 0.25 / 4 + 3.8415 / 64) = 0.3269: [30.1%, 95.4%].
    assert groups["Participants"] == {"group": "Participants", "people": 4, "retained": 3, "retention": 75.0,
                                      "ci_low": 30.1, "ci_high": 95.4}
    # Non-participants: Maria, Olga, n1..n4 = 6; retained Maria, Olga, n3 = 3: 50.0%.
    # Wilson: centre 0.5; half-width (1.96 / 1.6403) * sqrt(0.25 / 6 + 3.8415 / 144) = 0.3124: [18.8%, 81.2%].
    assert groups["Non-participants"] == {"group": "Non-participants", "people": 6, "retained": 3, "retention": 50.0,
                                          "ci_low": 18.8, "ci_high": 81.2}
    # Newcombe: d = 0.25; low = 0.25 - sqrt((0.75 - 0.3006)^2 + (0.8124 - 0.5)^2) = -0.2973;
    # high = 0.25 + sqrt((0.9544 - 0.75)^2 + (0.5 - 0.1876)^2) = 0.6233.
    assert result.table("difference").rows == [{"comparison": "Participants minus non-participants", "difference": 25.0,
                                                "ci_low": -29.7, "ci_high": 62.3}]
    assert result.notes == []


def test_a_period_that_is_not_a_year_says_so(metric, cohort):
    result = metric("retention", start="2025-01-01", end="2025-06-30")
    assert "not 12-month retention" in result.notes[0]


def test_the_type_filter_chooses_the_seats_that_make_a_participant(metric, cohort):
    groups = {row["group"]: row for row in metric("retention", start="2025-01-01", end="2025-12-31", type="mentorship").table("retention").rows}
    # Nobody took a mentorship seat: all 10 people are non-participants, 6 of them retained (Ada, Carl, fin1 too).
    assert (groups["Participants"]["people"], groups["Non-participants"]["people"], groups["Non-participants"]["retained"]) == (0, 10, 6)
