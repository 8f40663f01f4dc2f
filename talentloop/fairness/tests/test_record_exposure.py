"""record_exposure: the matching service's note of who was shown, at which rank, in a served candidate list."""

from __future__ import annotations

import pytest
from django.utils import timezone

from talentloop.fairness.models import RecommendationExposure
from talentloop.fairness.services import record_exposure
from talentloop.testing import factories as f

pytestmark = pytest.mark.django_db


def test_it_records_the_first_k_in_rank_order_at_the_same_time():
    gig = f.OpportunityFactory()
    ranked = [f.EmployeeFactory().pk for _ in range(5)]
    before = timezone.now()

    record_exposure(gig.pk, ranked, k=3)

    rows = list(RecommendationExposure.objects.order_by("rank").values_list("opportunity_id", "employee_id", "rank"))
    assert rows == [(gig.pk, ranked[0], 1), (gig.pk, ranked[1], 2), (gig.pk, ranked[2], 3)]
    times = set(RecommendationExposure.objects.values_list("shown_at", flat=True))
    assert len(times) == 1 and before <= times.pop() <= timezone.now()


def test_it_keeps_ten_by_default_and_does_nothing_for_an_empty_list(django_assert_num_queries):
    gig = f.OpportunityFactory()
    ranked = [f.EmployeeFactory().pk for _ in range(12)]

    record_exposure(gig.pk, ranked)
    assert RecommendationExposure.objects.count() == 10

    with django_assert_num_queries(0):
        record_exposure(gig.pk, [])
    with pytest.raises(ValueError, match="k must be at least 1"):
        record_exposure(gig.pk, ranked, k=0)
