"""API clients for the `org` personas, as in talentloop/api/tests."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from talentloop.people.models import Employee


@pytest.fixture
def api(org):
    def client(who=None) -> APIClient:
        c = APIClient()
        if who is not None:
            c.force_login(who.user if isinstance(who, Employee) else who)
        return c

    return client
