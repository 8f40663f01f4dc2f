"""The metrics: one function per family, each taking Filters and a Context and returning tables (and notes)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from talentloop.analytics.filters import DEPARTMENT, LOCATION, PERIOD, TYPE, Filters
from talentloop.analytics.metrics.adoption import adoption
from talentloop.analytics.metrics.common import Context
from talentloop.analytics.metrics.cost import cost
from talentloop.analytics.metrics.fairness import fairness
from talentloop.analytics.metrics.learning import learning_audit, learning_to_earning
from talentloop.analytics.metrics.managers import managers
from talentloop.analytics.metrics.marketplace import marketplace
from talentloop.analytics.metrics.retention import retention
from talentloop.analytics.metrics.skills import skills
from talentloop.analytics.tables import Table


@dataclass(frozen=True)
class Metric:
    name: str
    title: str
    description: str
    filters: tuple[str, ...]
    compute: Callable[[Filters, Context], tuple[list[Table], list[str]]]


ALL = (*PERIOD, DEPARTMENT, LOCATION, TYPE)
PEOPLE = (*PERIOD, DEPARTMENT, LOCATION)

METRICS: dict[str, Metric] = {m.name: m for m in [
    Metric("adoption", "Adoption", "Profiles completed, with aspirations and open to opportunities; monthly active people.",
           PEOPLE, adoption),
    Metric("marketplace", "Marketplace", "Opportunities posted, applications, matches made, fills, fill rate, time to fill, "
           "hours unlocked, internal mobility and gig-to-permanent conversions.", ALL, marketplace),
    Metric("retention", "Retention", "Retention of marketplace participants against non-participants, with 95% confidence "
           "intervals.", ALL, retention),
    Metric("learning-to-earning", "Learning to earning", "Learners who applied a learned skill within 90 days, moves "
           "preceded by learning the new role's skills, credentials issued.", ALL, learning_to_earning),
    Metric("cost", "Cost", "External hiring cost avoided by internal fills and the value of the hours unlocked.", ALL, cost),
    Metric("skills", "Skills supply and demand", "Supply against demand by skill family and department, the largest gaps "
           "and the emerging skills.", ALL, skills),
    Metric("learning-audit", "Learning-asset audit", "Skills-first against compliance learning, in-demand skills covered, "
           "items nobody completes, skills in demand with no learning.", ALL, learning_audit),
    Metric("managers", "Managers", "Talent exported and imported per line manager, release decisions and their times.",
           ALL, managers),
    Metric("fairness", "Fairness", "The bias audit of recommendations, invitations and selections.", PERIOD, fairness),
]}
