"""Wilson's interval and Newcombe's hybrid score interval against the published worked examples."""

from __future__ import annotations

import pytest

from talentloop.analytics.stats import newcombe_difference, wilson


def test_wilson_matches_newcombes_single_proportion_examples():
    # Newcombe (1998), "Two-sided confidence intervals for the single proportion", Table I, method 3 (score).
    assert wilson(81, 263) == pytest.approx((0.2553, 0.3662), abs=5e-5)
    assert wilson(15, 148) == pytest.approx((0.0624, 0.1605), abs=5e-5)
    assert wilson(0, 20) == pytest.approx((0.0, 0.1611), abs=5e-5)
    assert wilson(1, 29) == pytest.approx((0.0061, 0.1718), abs=5e-5)


def test_newcombe_matches_the_papers_difference_examples():
    # Newcombe (1998), "Interval estimation for the difference between independent proportions", Table II, method 10.
    assert newcombe_difference(56, 70, 48, 80)[1:] == pytest.approx((0.0524, 0.3339), abs=5e-5)
    assert newcombe_difference(9, 10, 3, 10)[1:] == pytest.approx((0.1705, 0.8090), abs=5e-5)


def test_it_refuses_impossible_counts():
    with pytest.raises(ValueError):
        wilson(3, 2)
    with pytest.raises(ValueError):
        wilson(0, 0)
