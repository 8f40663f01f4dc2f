"""Cost: what internal fills and hours unlocked are worth at the organisation's own prices (OrganisationSettings)."""

from __future__ import annotations

from django.db.models import Count, Sum

from talentloop.analytics.filters import Filters
from talentloop.analytics.metrics.common import Context
from talentloop.analytics.metrics.marketplace import FILL, changes_to, hours_unlocked
from talentloop.analytics.tables import BAR, Chart, Column, Guard, Table
from talentloop.marketplace.lifecycle import OpportunityType


def cost(f: Filters, ctx: Context) -> tuple[list[Table], list[str]]:
    guard, money = ctx.guard, ctx.money
    fills = {"fills": 0, "people": 0}
    if not f.type or f.type == OpportunityType.PERMANENT_ROLE:
        fills = changes_to(FILL, f).filter(application__opportunity__type=OpportunityType.PERMANENT_ROLE).aggregate(
            fills=Count("pk"), people=Count("application__applicant", distinct=True)
        )
    hours = hours_unlocked(f).aggregate(hours=Sum("hours"), people=Count("application__applicant", distinct=True))
    hours["hours"] = hours["hours"] or 0
    rows = [
        {
            "measure": "External hiring cost avoided", "counted": "permanent roles filled internally",
            "quantity": guard.value(fills["fills"], fills["people"]), "price": money.cost_per_external_hire,
            "value": guard.value(fills["fills"] * money.cost_per_external_hire, fills["people"]),
        },
        {
            "measure": "Hours unlocked", "counted": "hours of completed engagements",
            "quantity": guard.value(hours["hours"], hours["people"]), "price": money.hours_unlocked_hourly_rate,
            "value": guard.value(hours["hours"] * money.hours_unlocked_hourly_rate, hours["people"]),
        },
    ]
    total = Guard.total(rows, {
        "measure": "Total", "counted": "", "quantity": None, "price": None,
        "value": fills["fills"] * money.cost_per_external_hire + hours["hours"] * money.hours_unlocked_hourly_rate,
    }, keep=["measure", "counted", "quantity", "price"])
    table = Table(
        key="cost", title="Cost avoided and value unlocked",
        columns=[
            Column("measure", "Measure", is_label=True), Column("counted", "Counted", is_label=True),
            Column("quantity", "Quantity"), Column("price", "Price each", money.currency),
            Column("value", "Value", money.currency),
        ],
        rows=[*rows, total], chart=Chart(BAR, x="measure", series=("value",)),
        note=f"Prices from the organisation settings: {money.cost_per_external_hire} {money.currency} per external hire, "
        f"{money.hours_unlocked_hourly_rate} {money.currency} per hour.",
    )
    return [table], []
