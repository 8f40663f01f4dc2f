"""Intersectional categories: every sex with every race/ethnicity, each with its own rate and ratio."""

from __future__ import annotations

import pytest

from talentloop.fairness.audit import (
    INTERSECTION,
    RACE_ETHNICITY,
    RACE_ETHNICITY_CATEGORIES,
    SEX,
    SEX_CATEGORIES,
    audit_selection,
)


def test_it_computes_rates_and_ratios_for_each_sex_and_race_ethnicity_pair():
    # Black women 10 of 20 (0.5), white women 15 of 20 (0.75), Black men 12 of 16 (0.75), white men 16 of 20 (0.8).
    rows = [("female", "black", 20, 10), ("female", "white", 20, 15), ("male", "black", 16, 12), ("male", "white", 20, 16)]
    sex, race, selected = [], [], []
    for s, r, n, k in rows:
        sex += [s] * n
        race += [r] * n
        selected += [True] * k + [False] * (n - k)

    figures = audit_selection(sex, race, selected)
    groups = figures.dimension(INTERSECTION).groups

    assert len(groups) == len(SEX_CATEGORIES) * len(RACE_ETHNICITY_CATEGORIES)
    by_pair = {(g.category[SEX], g.category[RACE_ETHNICITY]): g for g in groups}
    assert by_pair[("female", "black")].label == "Female · Black or African American"
    assert by_pair[("male", "white")].is_reference
    # Black women: 0.5 / 0.8 = 0.625, flagged; white women 0.75 / 0.8 = 0.9375; Black men the same.
    assert by_pair[("female", "black")].impact_ratio == pytest.approx(0.625)
    assert by_pair[("female", "black")].below_four_fifths
    assert by_pair[("female", "white")].impact_ratio == pytest.approx(0.9375)
    assert not by_pair[("male", "black")].below_four_fifths
    assert by_pair[("female", "asian")].suppressed
    # On one dimension alone nothing is flagged: women 25 of 40 (0.625) vs men 28 of 36 (0.778): 0.804.
    women = next(g for g in figures.dimension(SEX).groups if g.category[SEX] == "female")
    assert women.impact_ratio == pytest.approx((25 / 40) / (28 / 36))
    assert not women.below_four_fifths
