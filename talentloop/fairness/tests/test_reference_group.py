"""The reference (the most selected group) must be shown and hold at least 2% of the data (6 RCNY §5-301);
smaller groups still get their ratio against it."""

from __future__ import annotations

import pytest

from talentloop.fairness.audit import SEX, audit_selection


def test_a_group_under_two_percent_is_never_the_reference_but_keeps_its_ratio():
    # 1,000 people. Women 600, 300 selected (0.5); men 385, 231 selected (0.6); "not listed" 15, all selected (1.0),
    # but 15 / 1,000 = 1.5% of the data. Reference: men. Not listed: 1.0 / 0.6 = 1.667; women 0.5 / 0.6 = 0.833.
    sex = ["female"] * 600 + ["male"] * 385 + ["not_listed"] * 15
    selected = [True] * 300 + [False] * 300 + [True] * 231 + [False] * 154 + [True] * 15

    groups = {g.category[SEX]: g for g in audit_selection(sex, [None] * 1000, selected).dimension(SEX).groups}

    assert groups["male"].is_reference
    assert not groups["not_listed"].is_reference and not groups["not_listed"].suppressed
    assert groups["not_listed"].impact_ratio == pytest.approx(1.0 / 0.6)
    assert groups["female"].impact_ratio == pytest.approx(0.5 / 0.6)
    assert not groups["female"].below_four_fifths


def test_exactly_two_percent_may_be_the_reference():
    # 20 of 1,000 is 2%: "not listed" (all selected) sets the bar; women 0.5 / 1.0 = 0.5, flagged.
    sex = ["female"] * 980 + ["not_listed"] * 20
    selected = [True] * 490 + [False] * 490 + [True] * 20

    groups = {g.category[SEX]: g for g in audit_selection(sex, [None] * 1000, selected).dimension(SEX).groups}

    assert groups["not_listed"].is_reference
    assert groups["female"].impact_ratio == pytest.approx(0.5)
    assert groups["female"].below_four_fifths
