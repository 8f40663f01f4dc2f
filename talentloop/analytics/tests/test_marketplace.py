"""Marketplace: posted, applications, matches, fills, fill rate, time to fill, hours unlocked; mobility; conversions."""

from __future__ import annotations

import datetime as dt

import pytest

from talentloop.analytics.tests.builders import at, by_label, journey, opportunity, set_min_group
from talentloop.people.models import RoleChange
from talentloop.testing import factories as f


@pytest.fixture
def market(org):
    set_min_group(1)
    finance, engineering = org.owner.department, org.employee.department
    fin1 = f.EmployeeFactory(department=finance)
    fin2 = f.EmployeeFactory(department=finance)
    g1 = opportunity(org.owner, "gig", "2025-01-10", seats=2)
    g2 = opportunity(org.owner, "gig", "2025-02-01")
    p1 = opportunity(org.manager, "permanent_role", "2025-03-01")  # in Engineering, Maria's department
    m1 = opportunity(org.owner, "mentorship", "2024-12-02")  # published before the period
    e1 = opportunity(org.manager, "project", "2024-09-01")  # fin2's try-out in Engineering, all in 2024
    journey(g1, org.employee, ("applied", "2025-01-12"), ("offered", "2025-01-20"), ("accepted", "2025-01-31"),
            ("active", "2025-02-01"), ("completed", "2025-03-31"), hours=40, completed="2025-03-31")
    journey(g1, org.colleague, ("applied", "2025-01-15"), ("offered", "2025-01-25"), ("withdrawn", "2025-01-26"))
    journey(g2, fin1, ("applied", "2025-02-03"), ("offered", "2025-02-10"), ("accepted", "2025-02-11"))
    journey(p1, fin2, ("applied", "2025-03-05"), ("offered", "2025-03-15"), ("accepted", "2025-03-31"), ("active", "2025-04-01"))
    journey(m1, org.employee, ("applied", "2024-12-05"), ("offered", "2025-01-05"), ("accepted", "2025-01-06"))
    journey(e1, fin2, ("applied", "2024-09-05"), ("offered", "2024-09-10"), ("accepted", "2024-09-11"), ("active", "2024-09-12"),
            ("completed", "2024-11-01"))
    RoleChange.objects.create(employee=fin2, effective_on=dt.date(2025, 4, 1), from_job_title="Analyst", to_job_title="Engineer",
                              from_department=finance, to_department=engineering)
    return fin1, fin2


def test_by_type_counts_each_event_in_the_period(metric, market):
    table = by_label(metric("marketplace", start="2025-01-01", end="2025-06-30"), "by_type")
    # Gigs: posted G1, G2 = 2. Applications made in the period: Ada and Carl on G1, fin1 on G2 = 3 (3 people).
    # Offers: Ada, Carl, fin1 = 3. Fills: Ada (G1), fin1 (G2) = 2. Time to fill: G1 published 01-10, Ada accepted
    # 01-31 = 21 days; G2 published 02-01, fin1 accepted 02-11 = 10 days; (21 + 10) / 2 = 15.5 days.
    # Fill rate: seats posted 2 + 1 = 3, filled min(1, 2) + min(1, 1) = 2: 2/3 = 66.7%. Hours: Ada's completion, 40.
    assert table["gig"] == {
        "type": "gig", "posted": 2, "applications": 3, "applicants": 3, "matches": 3, "fills": 2,
        "fill_rate": 66.7, "time_to_fill": 15.5, "hours_unlocked": 40,
    }
    # Permanent role P1: posted 1, fin2 applied, was offered and accepted 30 days after publication: 1 of 1 seat.
    assert table["permanent role"] == {
        "type": "permanent role", "posted": 1, "applications": 1, "applicants": 1, "matches": 1, "fills": 1,
        "fill_rate": 100.0, "time_to_fill": 30.0, "hours_unlocked": 0,
    }
    # Mentorship M1 was posted and applied to in 2024; only its offer and its fill fall in the period. No seats were
    # posted in the period, so no fill rate. Time to fill: 2024-12-02 to 2025-01-06 = 35 days.
    assert table["mentorship"] == {
        "type": "mentorship", "posted": 0, "applications": 0, "applicants": 0, "matches": 1, "fills": 1,
        "fill_rate": None, "time_to_fill": 35.0, "hours_unlocked": 0,
    }
    # The 2024 project shows nothing in 2025.
    assert table["stretch project"]["posted"] == 0 and table["stretch project"]["fills"] == 0
    # All types: posted 3; applications 4 by 4 people; offers 5; fills 4; seats posted 3 + 1 = 4, filled 2 + 1 = 3:
    # 75.0%; time to fill (21 + 10 + 30 + 35) / 4 = 24.0 days; hours 40.
    assert table["All types"] == {
        "type": "All types", "posted": 3, "applications": 4, "applicants": 4, "matches": 5, "fills": 4,
        "fill_rate": 75.0, "time_to_fill": 24.0, "hours_unlocked": 40,
    }


def test_by_month_puts_each_event_in_its_month(metric, market):
    months = by_label(metric("marketplace", start="2025-01-01", end="2025-06-30"), "by_month")
    # January: G1 posted; Ada and Carl applied; offers to Ada (G1, M1) and Carl; fills Ada on M1 (01-06) and G1 (01-31).
    jan = months[dt.date(2025, 1, 1)]
    assert (jan["posted"], jan["applications"], jan["matches"], jan["fills"]) == (1, 2, 3, 2)
    mar = months[dt.date(2025, 3, 1)]
    # March: P1 posted, fin2 applied, offered and accepted; Ada's 40 hours completed on 03-31.
    assert (mar["posted"], mar["applications"], mar["matches"], mar["fills"], mar["hours_unlocked"]) == (1, 1, 1, 1, 40)
    assert [m for m, row in months.items() if row["posted"] or row["matches"]] == [dt.date(2025, m, 1) for m in (1, 2, 3)]


def test_the_type_filter_keeps_one_type(metric, market):
    table = by_label(metric("marketplace", start="2025-01-01", end="2025-06-30", type="gig"), "by_type")
    assert list(table) == ["gig", "All types"]
    assert table["All types"]["fills"] == 2


def test_mobility_is_people_who_moved_over_headcount_and_conversions_follow_a_try_out(metric, market):
    row = metric("marketplace", start="2025-01-01", end="2025-06-30").table("mobility").rows[0]
    # Employed in the period: Maria, Ada, Carl, Olga, fin1, fin2 = 6; fin2 moved (04-01): 1/6 = 16.7%.
    # fin2 took the permanent role P1 (active 04-01) in Engineering after completing the Engineering project E1 in
    # 2024: 1 conversion of 1 permanent move = 100%.
    assert row == {"headcount": 6, "movers": 1, "moves": 1, "mobility_rate": 16.7, "permanent_moves": 1,
                   "converted": 1, "converted_pct": 100.0}


def test_months_split_at_midnight_local_time(metric, org):
    set_min_group(1)
    f.OpportunityFactory(owner=org.owner, published_at=at("2025-01-31", 23))  # 23:00 on the last day of January
    f.OpportunityFactory(owner=org.owner, published_at=at("2025-02-01", 0))  # midnight starting February
    months = by_label(metric("marketplace", start="2025-01-01", end="2025-02-28"), "by_month")
    assert (months[dt.date(2025, 1, 1)]["posted"], months[dt.date(2025, 2, 1)]["posted"]) == (1, 1)
