"""Selection rates and impact ratios as 6 RCNY §5-300 defines them, with the four-fifths flag, on hand-worked cases."""

from __future__ import annotations

import pytest

from talentloop.fairness.audit import RACE_ETHNICITY, SELECTION, SEX, audit_selection


def people(*groups: tuple[str | None, str | None, int, int]):
    """(sex, race/ethnicity, how many, how many of them selected) -> the three per-person sequences."""
    sex, race, selected = [], [], []
    for s, r, n, k in groups:
        sex += [s] * n
        race += [r] * n
        selected += [True] * k + [False] * (n - k)
    return sex, race, selected


def group(figures, dimension, value):
    return next(g for g in figures.dimension(dimension).groups if g.category[dimension] == value)


def test_it_divides_each_rate_by_the_most_selected_groups_rate_and_flags_below_four_fifths():
    # 20 women, 10 selected: 10/20 = 0.5. 30 men, 20 selected: 20/30 = 0.667 (the most selected).
    # Impact ratio of women: 0.5 / 0.667 = 0.75 < 0.8, flagged.
    figures = audit_selection(*people(("female", "white", 20, 10), ("male", "white", 30, 20)))

    assert figures.measure == SELECTION
    assert figures.population == 50
    women, men = group(figures, SEX, "female"), group(figures, SEX, "male")
    assert (women.count, women.selected, men.count, men.selected) == (20, 10, 30, 20)
    assert women.rate == pytest.approx(0.5)
    assert men.rate == pytest.approx(20 / 30)
    assert men.is_reference and men.impact_ratio == pytest.approx(1.0) and not men.below_four_fifths
    assert women.impact_ratio == pytest.approx(0.75)
    assert women.below_four_fifths
    assert not women.is_reference


def test_a_ratio_of_exactly_four_fifths_is_not_flagged():
    # 40 women, 16 selected: 0.4. 20 men, 10 selected: 0.5. Ratio 0.4 / 0.5 = 0.8 exactly.
    figures = audit_selection(*people(("female", "asian", 40, 16), ("male", "asian", 20, 10)))

    women = group(figures, SEX, "female")
    assert women.impact_ratio == pytest.approx(0.8)
    assert not women.below_four_fifths


def test_the_reference_is_per_dimension_and_ties_go_to_the_first_category():
    # Race/ethnicity: Hispanic or Latino 10 of 20 (0.5), White 12 of 24 (0.5), Asian 6 of 20 (0.3).
    # The tie at 0.5 goes to Hispanic or Latino (first in the EEO-1 order); Asian: 0.3 / 0.5 = 0.6, flagged.
    figures = audit_selection(*people(
        ("female", "hispanic_latino", 20, 10), ("male", "white", 24, 12), ("female", "asian", 20, 6),
    ))

    assert figures.dimension(RACE_ETHNICITY).reference.category == {RACE_ETHNICITY: "hispanic_latino"}
    white = group(figures, RACE_ETHNICITY, "white")
    assert white.impact_ratio == pytest.approx(1.0) and not white.below_four_fifths
    asian = group(figures, RACE_ETHNICITY, "asian")
    assert asian.impact_ratio == pytest.approx(0.6) and asian.below_four_fifths
    # Sex in the same run: women 16 of 40 (0.4), men 12 of 24 (0.5): 0.4 / 0.5 = 0.8.
    assert group(figures, SEX, "female").impact_ratio == pytest.approx(0.8)


def test_with_nobody_selected_there_is_no_ratio_and_no_flag():
    figures = audit_selection(*people(("female", "white", 12, 0), ("male", "white", 15, 0)))

    for g in figures.dimension(SEX).groups[:2]:
        assert g.rate == 0.0
        assert g.impact_ratio is None
        assert not g.below_four_fifths
        assert g.p_value is None
        assert not g.is_reference
    assert figures.dimension(SEX).reference is None


def test_it_refuses_a_value_that_is_no_category_and_mismatched_lengths():
    with pytest.raises(ValueError, match="not a sex category"):
        audit_selection(["woman"], [None], [True])
    with pytest.raises(ValueError, match="one entry per person"):
        audit_selection(["female"], [None, None], [True])
    with pytest.raises(ValueError, match="min_group"):
        audit_selection([], [], [], min_group=0)
