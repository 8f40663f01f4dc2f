"""Managers: talent exported and imported per line manager; release decisions, their times and declines."""

from __future__ import annotations

import pytest

from talentloop.analytics.tests.builders import by_label, journey, opportunity, set_min_group
from talentloop.marketplace.models import ApplicationStatusChange
from talentloop.testing import factories as f


@pytest.fixture
def teams(org):
    set_min_group(1)
    finance = org.owner.department
    bea = f.EmployeeFactory(department=finance, user__first_name="Bea", user__last_name="Boss")
    org.owner.manager = bea
    org.owner.save()
    fin1, dan, eve = (f.EmployeeFactory(department=finance, manager=bea) for _ in range(3))
    olga_gig1, olga_gig2 = opportunity(org.owner, "gig", "2025-01-05"), opportunity(org.owner, "gig", "2025-01-05")
    maria_gig, maria_project = opportunity(org.manager, "gig", "2025-01-05"), opportunity(org.manager, "project", "2025-01-05", seats=3)
    ada_gig = opportunity(org.employee, "gig", "2025-01-05")
    # Maria lends Ada (Olga's gig 1) and Carl (Olga's gigs 1 and 2): Olga is in Bea's team, outside Maria's.
    # Ada's release took 3 days, Carl's first 2 days; both asked of Maria.
    journey(olga_gig1, org.employee, ("applied", "2025-02-01"), ("offered", "2025-02-01"), ("released", "2025-02-04"),
            ("accepted", "2025-02-05"), release_required=True, release_approver=org.manager)
    journey(olga_gig1, org.colleague, ("applied", "2025-03-01"), ("offered", "2025-03-01"), ("released", "2025-03-03"),
            ("accepted", "2025-03-04"), release_required=True, release_approver=org.manager)
    journey(olga_gig2, org.colleague, ("applied", "2025-03-05"), ("offered", "2025-03-06"), ("accepted", "2025-03-07"))
    # Ada on Maria's own gig: inside the team, neither lent nor taken in.
    journey(maria_gig, org.employee, ("applied", "2025-03-05"), ("offered", "2025-03-06"), ("accepted", "2025-03-07"))
    # Maria's team takes in fin1 (Maria's project) and Olga (Ada's gig): both are Bea's reports.
    journey(maria_project, fin1, ("applied", "2025-04-01"), ("offered", "2025-04-02"), ("accepted", "2025-04-03"))
    journey(ada_gig, org.owner, ("applied", "2025-04-01"), ("offered", "2025-04-02"), ("accepted", "2025-04-03"))
    # Bea declines Dan's release after 5 days; Eve's offer expires waiting for Bea.
    dan_app = journey(maria_project, dan, ("applied", "2025-04-01"), ("offered", "2025-04-01"),
                      release_required=True, release_approver=bea)
    ApplicationStatusChange.objects.create(application=dan_app, from_status="offered", to_status="declined",
                                           actor_role="line_manager", at=dan_app.changes.last().at.replace(day=6))
    eve_app = journey(maria_project, eve, ("applied", "2025-05-01"), ("offered", "2025-05-01"),
                      release_required=True, release_approver=bea)
    ApplicationStatusChange.objects.create(application=eve_app, from_status="offered", to_status="expired",
                                           actor_role="system", at=eve_app.changes.last().at.replace(day=20))
    return bea


def test_talent_exported_and_imported_per_manager(metric, teams):
    table = by_label(metric("managers", start="2025-01-01", end="2025-12-31"), "talent_exchange")
    # Maria: exported Ada (1 seat) and Carl (2 seats) = 2 people, 3 seats; imported fin1 and Olga = 2 people, 2 seats.
    # Bea: exported fin1 and Olga (2, 2); imported Ada and Carl on Olga's gigs (2 people, 3 seats).
    assert [(m, r["exported_people"], r["exported_seats"], r["imported_people"], r["imported_seats"]) for m, r in table.items()] == [
        ("Maria Manager", 2, 3, 2, 2), ("Bea Boss", 2, 2, 2, 3)]


def test_release_decisions_per_manager_asked(metric, teams):
    table = by_label(metric("managers", start="2025-01-01", end="2025-12-31"), "releases")
    # Bea: Dan declined (5 days), Eve's offer lapsed: asked 2, average 5.0 days (lapses have no decision time).
    assert table["Bea Boss"] | {"manager_id": ""} == {
        "manager": "Bea Boss", "manager_id": "", "asked": 2, "released": 0, "declined": 1, "lapsed": 1, "average_days": 5.0}
    # Maria: released Ada (3 days) and Carl (2 days): average 2.5 days.
    assert table["Maria Manager"] | {"manager_id": ""} == {
        "manager": "Maria Manager", "manager_id": "", "asked": 2, "released": 2, "declined": 0, "lapsed": 0, "average_days": 2.5}
    # All: 4 asked; (3 + 2 + 5) / 3 decisions = 3.3 days.
    assert table["All managers"] == {
        "manager": "All managers", "manager_id": "", "asked": 4, "released": 2, "declined": 1, "lapsed": 1, "average_days": 3.3}


def test_the_department_filter_picks_managers_not_where_their_people_went(metric, teams):
    result = metric("managers", start="2025-01-01", end="2025-12-31", department="engineering")
    # Maria is in Engineering; her people went to Finance opportunities and are still counted. Bea (Finance) is out.
    assert [(m, r["exported_seats"], r["imported_seats"]) for m, r in by_label(result, "talent_exchange").items()] == [
        ("Maria Manager", 3, 2)]
    assert list(by_label(result, "releases")) == ["Maria Manager", "All managers"]


@pytest.fixture
def max_over_maria(org, teams):
    """`teams`, with Max (Engineering, like Maria) now Maria's manager, and Carl's release on a third gig of Olga's
    asked of Max (escalated) and given after 4 days (not yet accepted)."""
    max_ = f.EmployeeFactory(department=org.manager.department, user__first_name="Max", user__last_name="Chief")
    org.manager.manager = max_
    org.manager.save()
    olga_gig3 = opportunity(org.owner, "gig", "2025-01-05")
    journey(olga_gig3, org.colleague, ("applied", "2025-06-01"), ("offered", "2025-06-02"), ("released", "2025-06-06"),
            release_required=True, release_approver=max_)
    return max_


def test_talent_exchange_by_the_managers_department_counts_each_person_and_seat_once(metric, max_over_maria):
    result = metric("managers", start="2025-01-01", end="2025-12-31")
    # Max's team is Max and Maria: he takes in Ada on Maria's gig (seat 4) and fin1 on Maria's project (seat 5).
    # Maria and Bea are as in test_talent_exported_and_imported_per_manager (Maria imports fin1, seat 5, and Olga on
    # Ada's gig, seat 6).
    assert by_label(result, "talent_exchange")["Max Chief"] | {"manager_id": ""} == {
        "manager": "Max Chief", "manager_id": "", "department": "Engineering",
        "exported_people": 0, "exported_seats": 0, "imported_people": 2, "imported_seats": 2}
    table = by_label(result, "talent_exchange_by_department")
    # Engineering (Maria and Max): exported Ada and Carl, 3 seats (Maria's); imported {fin1, Olga} with {Ada, fin1} =
    # 3 people on seats {6, 5} and {4, 5} = 3 seats, not the 4 and 4 of adding up the managers' rows.
    # Finance (Bea alone): her own row.
    assert [(d, r["exported_people"], r["exported_seats"], r["imported_people"], r["imported_seats"]) for d, r in table.items()] == [
        ("Engineering", 2, 3, 3, 3), ("Finance", 2, 2, 2, 3)]
    assert result.table("talent_exchange_by_department").chart.x == "department"


def test_releases_by_the_department_of_the_manager_asked_count_each_person_once(metric, max_over_maria):
    table = by_label(metric("managers", start="2025-01-01", end="2025-12-31"), "releases_by_department")
    # Engineering: Maria released Ada (3 days) and Carl (2 days); Max released Carl again (4 days): 2 people asked,
    # both released; the average is over the 3 decisions: (3 + 2 + 4) / 3 = 3.0 days.
    # Finance: Bea, as per manager: Dan declined after 5 days, Eve's offer lapsed.
    assert table == {
        "Engineering": {"department": "Engineering", "asked": 2, "released": 2, "declined": 0, "lapsed": 0, "average_days": 3.0},
        "Finance": {"department": "Finance", "asked": 2, "released": 0, "declined": 1, "lapsed": 1, "average_days": 5.0},
    }


def test_a_per_manager_table_all_hidden_says_why_and_the_department_table_shows_what_adds_up(metric, max_over_maria):
    set_min_group(3)
    result = metric("managers", start="2025-01-01", end="2025-12-31")
    # Per manager every count of people is 1 or 2 (or 0, shown): nothing about anyone can be shown.
    for key in ("talent_exchange", "releases"):
        assert "fewer than 3 people per manager in this period" in result.table(key).note, key
    # Engineering's 3 people and 3 seats taken in show; its 2 lent, and all of Finance's, stay hidden.
    exchange = by_label(result, "talent_exchange_by_department")
    assert exchange["Engineering"] == {"department": "Engineering", "exported_people": None, "exported_seats": None,
                                       "imported_people": 3, "imported_seats": 3}
    assert set(exchange["Finance"].values()) == {"Finance", None}
    # With a minimum of 2, Maria's and Bea's rows show: no note.
    set_min_group(2)
    assert "per manager" not in metric("managers", start="2025-01-01", end="2025-12-31").table("talent_exchange").note


def test_the_department_tables_follow_the_department_filter(metric, max_over_maria):
    result = metric("managers", start="2025-01-01", end="2025-12-31", department="engineering")
    assert list(by_label(result, "talent_exchange_by_department")) == ["Engineering"]
    assert list(by_label(result, "releases_by_department")) == ["Engineering"]
