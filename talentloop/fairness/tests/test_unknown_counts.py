"""People whose category is unknown are left out of a dimension's figures and counted per dimension (§5-301(d))."""

from __future__ import annotations

from talentloop.fairness.audit import INTERSECTION, RACE_ETHNICITY, SEX, audit_selection


def test_it_counts_unknowns_per_dimension_and_leaves_them_out_of_the_rates():
    # 10 women, race known; 10 men with race unknown (None); 4 of unknown sex ("" counts as unknown) but known race;
    # 1 with neither.
    sex = ["female"] * 10 + ["male"] * 10 + [""] * 4 + [None]
    race = ["black"] * 10 + [None] * 10 + ["black"] * 4 + [""]
    selected = [True] * 5 + [False] * 5 + [True] * 10 + [True] * 4 + [True]

    figures = audit_selection(sex, race, selected)

    assert figures.dimension(SEX).unknown == 5  # 4 + 1
    assert figures.dimension(RACE_ETHNICITY).unknown == 11  # 10 + 1
    assert figures.dimension(INTERSECTION).unknown == 15  # anyone missing either
    black = next(g for g in figures.dimension(RACE_ETHNICITY).groups if g.category[RACE_ETHNICITY] == "black")
    assert (black.count, black.selected) == (14, 9)  # the 4 of unknown sex count here
    women = next(g for g in figures.dimension(SEX).groups if g.category[SEX] == "female")
    assert (women.count, women.rate) == (10, 0.5)
