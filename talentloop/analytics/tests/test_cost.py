"""Cost: internal permanent fills at the cost of an external hire, hours unlocked at the hourly rate."""

from __future__ import annotations

import pytest

from talentloop.analytics.tests.builders import by_label, journey, opportunity, set_min_group
from talentloop.organisation.models import OrganisationSettings
from talentloop.testing import factories as f


@pytest.fixture
def fills(org):
    set_min_group(1)
    OrganisationSettings.objects.filter(pk=1).update(currency="EUR", cost_per_external_hire=5000, hours_unlocked_hourly_rate=60)
    fin1 = f.EmployeeFactory(department=org.owner.department)
    for person in (org.employee, fin1):  # two permanent roles filled internally in the period
        role = opportunity(org.owner, "permanent_role", "2025-02-01")
        journey(role, person, ("applied", "2025-02-05"), ("offered", "2025-02-20"), ("accepted", "2025-03-01"), ("active", "2025-03-02"))
    late = opportunity(org.owner, "permanent_role", "2025-02-01")  # accepted after the period
    journey(late, org.colleague, ("applied", "2025-02-05"), ("offered", "2025-06-20"), ("accepted", "2025-07-01"))
    gig = opportunity(org.owner, "gig", "2025-01-05", seats=3)
    journey(gig, org.colleague, ("applied", "2025-01-06"), ("offered", "2025-01-07"), ("accepted", "2025-01-08"),
            ("active", "2025-01-09"), ("completed", "2025-04-01"), hours=40, completed="2025-04-01")
    journey(gig, org.manager, ("applied", "2025-01-06"), ("offered", "2025-01-07"), ("accepted", "2025-01-08"),
            ("active", "2025-01-09"), ("completed", "2025-05-01"), hours=25, completed="2025-05-01")


def test_it_values_fills_and_hours_at_the_organisations_prices(metric, fills):
    result = metric("cost", start="2025-01-01", end="2025-06-30")
    table = by_label(result, "cost")
    # 2 internal fills x 5,000 EUR = 10,000 EUR; (40 + 25) hours x 60 EUR = 3,900 EUR; total 13,900 EUR.
    assert table["External hiring cost avoided"]["quantity"] == 2
    assert table["External hiring cost avoided"]["value"] == 10000
    assert table["Hours unlocked"]["quantity"] == 65
    assert table["Hours unlocked"]["value"] == 3900
    assert table["Total"]["value"] == 13900
    assert result.table("cost").column("value").unit == "EUR"


def test_a_type_filter_other_than_permanent_roles_avoids_no_hire(metric, fills):
    table = by_label(metric("cost", start="2025-01-01", end="2025-06-30", type="gig"), "cost")
    assert (table["External hiring cost avoided"]["value"], table["Hours unlocked"]["value"], table["Total"]["value"]) == (0, 3900, 3900)
