"""Analytics as services: who may read them, which metrics they see, and one metric computed for a filter set."""

from __future__ import annotations

from collections.abc import Mapping

from talentloop.accounts.personas import Personas
from talentloop.analytics.filters import parse_filters
from talentloop.analytics.metrics import METRICS, Metric
from talentloop.analytics.metrics.common import Context, Money
from talentloop.analytics.tables import Guard, Result
from talentloop.errors import Forbidden, NotFound
from talentloop.fairness.services import can_view_bias_audit
from talentloop.organisation.models import current as organisation_settings


def can_view_analytics(p: Personas) -> bool:
    """L&OD admins and talent admins (superusers are both)."""
    return bool(p.user.is_authenticated and p.user.is_active and (p.is_lod_admin or p.is_talent_admin))


def _may_see(p: Personas, metric: Metric) -> bool:
    # The bias audit keeps its own, narrower permission (talent admins by default).
    return can_view_bias_audit(p) if metric.name == "fairness" else True


def visible_metrics(p: Personas) -> list[Metric]:
    if not can_view_analytics(p):
        raise Forbidden("Analytics are open only to L&OD admins and talent admins.")
    return [m for m in METRICS.values() if _may_see(p, m)]


def run_metric(p: Personas, name: str, params: Mapping[str, str]) -> Result:
    """One metric for the filters in `params` (query parameters: start, end, department, location, type)."""
    if not can_view_analytics(p):
        raise Forbidden("Analytics are open only to L&OD admins and talent admins.")
    metric = METRICS.get(name)
    if metric is None:
        raise NotFound(f"No metric {name!r}; the metrics are: {', '.join(METRICS)}.")
    if not _may_see(p, metric):
        raise Forbidden("The bias audit is open only to admins with the permission to view it.")
    filters = parse_filters(params, metric.filters)
    settings = organisation_settings()
    ctx = Context(
        personas=p, guard=Guard(settings.analytics_min_group),
        money=Money(settings.currency, settings.cost_per_external_hire, settings.hours_unlocked_hourly_rate),
    )
    tables, notes = metric.compute(filters, ctx)
    return Result(metric=metric.name, title=metric.title, filters=filters.as_dict(), min_group=ctx.guard.min_group,
                  tables=tables, notes=notes)
