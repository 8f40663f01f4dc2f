"""Groups below the minimum size show no figures and never set the bar for the others."""

from __future__ import annotations

from talentloop.fairness.audit import RACE_ETHNICITY, SEX, audit_selection


def test_it_hides_the_figures_of_groups_below_the_minimum_size():
    # 3 "not listed", all selected (rate 1.0), would be the most selected group if shown.
    # 12 women, 6 selected (0.5); 15 men, 9 selected (0.6, the reference among the groups shown).
    sex = ["not_listed"] * 3 + ["female"] * 12 + ["male"] * 15
    selected = [True] * 3 + [True] * 6 + [False] * 6 + [True] * 9 + [False] * 6

    figures = audit_selection(sex, ["white"] * 30, selected)  # min_group defaults to 10

    groups = {g.category[SEX]: g for g in figures.dimension(SEX).groups}
    hidden = groups["not_listed"]
    assert hidden.suppressed
    assert hidden.count is None and hidden.selected is None and hidden.rate is None
    assert hidden.impact_ratio is None and hidden.p_value is None
    assert not hidden.below_four_fifths and not hidden.is_reference
    assert hidden.count_display == "<10"
    assert groups["male"].is_reference
    assert groups["female"].impact_ratio == 0.5 / 0.6
    assert groups["female"].count_display == "12"


def test_the_minimum_size_is_a_parameter_and_empty_categories_are_suppressed():
    sex = ["not_listed"] * 3 + ["female"] * 12
    figures = audit_selection(sex, [None] * 15, [True] * 15, min_group=3)

    groups = {g.category[SEX]: g for g in figures.dimension(SEX).groups}
    assert not groups["not_listed"].suppressed and groups["not_listed"].count == 3
    assert groups["male"].suppressed and groups["male"].count_display == "<3"
    assert all(g.suppressed for g in figures.dimension(RACE_ETHNICITY).groups)
    assert figures.dimension(RACE_ETHNICITY).reference is None
