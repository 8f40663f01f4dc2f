from __future__ import annotations

import pytest

from talentloop.analytics.services import run_metric
from talentloop.analytics.tables import Result


@pytest.fixture
def metric(org):
    """Runs a metric as the talent admin: metric("adoption", start="2025-01-01", ...) -> Result."""

    def run(name: str, **params: str) -> Result:
        return run_metric(org.personas(org.talent_admin), name, params)

    return run

