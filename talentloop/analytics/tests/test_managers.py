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
