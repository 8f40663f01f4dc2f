"""Scoring rates: the share of a category scoring above the median of the whole sample (6 RCNY §5-300)."""

from __future__ import annotations

import pytest

from talentloop.fairness.audit import SCORING, SEX, audit_scores


def test_it_counts_scores_strictly_above_the_whole_samples_median():
    # 10 women scoring 1..10 and 10 men scoring 6..15, plus 2 people of unknown sex scoring 0 and 20.
    # The 22 scores' median is (8 + 8) / 2 = 8: sorted 0,1,...,5,6,6,7,7,8,8,9,9,10,10,11,...,15,20.
    women = list(range(1, 11))
    men = list(range(6, 16))
    scores = [*women, *men, 0, 20]
    sex = ["female"] * 10 + ["male"] * 10 + [None, None]
    race = ["white"] * 22

    figures = audit_scores(sex, race, scores)

    assert figures.measure == SCORING
    assert figures.median == pytest.approx(8.0)
    by_sex = {g.category[SEX]: g for g in figures.dimension(SEX).groups}
    # Women above 8: 9, 10 -> 2 of 10 = 0.2. Men above 8: 9..15 -> 7 of 10 = 0.7 (the highest scoring category).
    assert by_sex["female"].rate == pytest.approx(0.2)
    assert by_sex["male"].rate == pytest.approx(0.7)
    assert by_sex["male"].is_reference
    # Impact ratio 0.2 / 0.7 = 0.286: flagged.
    assert by_sex["female"].impact_ratio == pytest.approx(0.2 / 0.7)
    assert by_sex["female"].below_four_fifths
    assert figures.dimension(SEX).unknown == 2


def test_it_refuses_scores_that_are_not_numbers():
    with pytest.raises(ValueError, match="finite"):
        audit_scores(["female"], ["white"], [float("nan")])
