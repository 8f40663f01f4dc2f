"""Two requests racing for the last seat on real, separate database connections: exactly one wins.

On PostgreSQL the opportunity's row lock (SELECT ... FOR UPDATE) serialises them; on SQLite the
IMMEDIATE transactions do. Each thread opens its own connection, as two web workers would.
"""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections

from talentloop.accounts.personas import Personas
from talentloop.errors import Conflict
from talentloop.marketplace import services
from talentloop.marketplace.lifecycle import HOLDS_SEAT, ApplicationStatus, OpportunityType
from talentloop.marketplace.models import Application
from talentloop.testing import factories as f

ROUNDS = 5


def _race(calls):
    barrier = threading.Barrier(len(calls))
    outcomes: list[object] = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait(timeout=10)
            outcomes[i] = call()
        except Exception as exc:
            outcomes[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return outcomes


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_", range(ROUNDS))
def test_two_offers_for_the_last_seat_cannot_both_succeed(round_, monkeypatch):
    # Widen the window between counting the seats and writing the offer, so that without the row lock
    # both requests would count a free seat (this test fails when the lock is removed).
    count_seats = services.seats_taken

    def slow_seats_taken(opportunity):
        n = count_seats(opportunity)
        time.sleep(0.2)
        return n

    monkeypatch.setattr(services, "seats_taken", slow_seats_taken)
    owner = f.EmployeeFactory()
    opportunity = f.OpportunityFactory(owner=owner, type=OpportunityType.MENTORSHIP, seats=2)
    taken = f.ApplicationFactory(opportunity=opportunity, status=ApplicationStatus.ACCEPTED)
    racers = [f.ApplicationFactory(opportunity=opportunity) for _ in range(2)]
    owner_user_id = owner.user_id

    def offer(application):
        def call():
            from django.contrib.auth.models import User

            return services.move_application(Personas(User.objects.get(pk=owner_user_id)), application, "offered")

        return call

    outcomes = _race([offer(a) for a in racers])
    wins = [o for o in outcomes if isinstance(o, Application)]
    losses = [o for o in outcomes if isinstance(o, Conflict)]
    assert len(wins) == 1 and len(losses) == 1, outcomes
    assert "seats" in losses[0].errors
    held = Application.objects.filter(opportunity=opportunity, status__in=sorted(HOLDS_SEAT)).count()
    assert held == opportunity.seats
    assert taken.pk not in [w.pk for w in wins]


@pytest.mark.django_db(transaction=True)
def test_a_double_submitted_application_creates_one_application():
    applicant = f.EmployeeFactory()
    opportunity = f.OpportunityFactory()
    user_id = applicant.user_id

    def submit():
        from django.contrib.auth.models import User

        return services.apply(Personas(User.objects.get(pk=user_id)), opportunity, "hello")

    outcomes = _race([submit, submit])
    assert all(not isinstance(o, Exception) for o in outcomes), outcomes
    assert Application.objects.filter(opportunity=opportunity, applicant=applicant).count() == 1
    assert sorted(o.created for o in outcomes) == [False, True]


def test_the_race_runs_on_the_database_under_test():
    # Documents where the race ran: `.ci/run` runs this file on SQLite and again on PostgreSQL.
    assert connection.vendor in {"sqlite", "postgresql"}
