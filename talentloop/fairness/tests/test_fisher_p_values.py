"""Every group shown carries Fisher's exact test (two-sided) against the reference group, marked at 0.05."""

from __future__ import annotations

import pytest
from scipy.stats import fisher_exact

from talentloop.fairness.audit import SEX, audit_selection


def figures_for(women: tuple[int, int], men: tuple[int, int]):
    sex = ["female"] * women[0] + ["male"] * men[0]
    selected = [True] * women[1] + [False] * (women[0] - women[1]) + [True] * men[1] + [False] * (men[0] - men[1])
    groups = audit_selection(sex, [None] * len(sex), selected).dimension(SEX).groups
    return {g.category[SEX]: g for g in groups}


def test_the_p_value_is_scipys_two_sided_fisher_exact_test_against_the_reference():
    groups = figures_for(women=(20, 10), men=(30, 20))

    expected = fisher_exact([[10, 10], [20, 10]], alternative="two-sided").pvalue
    assert groups["female"].p_value == pytest.approx(expected)
    assert groups["female"].below_four_fifths  # 0.75 ...
    assert not groups["female"].significant  # ... but with 50 people that may well be chance (p = 0.26)
    assert groups["male"].p_value is None and groups["male"].is_reference


def test_a_large_difference_in_large_groups_is_significant():
    groups = figures_for(women=(200, 60), men=(200, 120))

    expected = fisher_exact([[60, 140], [120, 80]], alternative="two-sided").pvalue
    assert groups["female"].p_value == pytest.approx(expected)
    assert expected < 0.05
    assert groups["female"].significant
    assert groups["female"].p_value_display == "<0.001"
