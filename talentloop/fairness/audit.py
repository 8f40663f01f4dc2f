"""The bias audit's arithmetic: selection and scoring rates, impact ratios, the four-fifths flag and Fisher's exact
test for each sex, race/ethnicity and intersectional category. Pure numpy/scipy, no Django: labels in, figures out.

Definitions, from the rules of the NYC Department of Consumer and Worker Protection for Local Law 144 of 2021
(automated employment decision tools), 6 RCNY §5-300:

- **Selection rate**: "the rate at which individuals in a category are either selected to move forward in the hiring
  process or assigned a classification by an AEDT", calculated "by dividing the number of individuals in the
  category moving forward or assigned a classification by the total number of individuals in the category".
- **Scoring rate**: "the rate at which individuals in a category receive a score above the sample's median score,
  where the score has been calculated by an AEDT".
- **Impact ratio**: "either (1) the selection rate for a category divided by the selection rate of the most
  selected category or (2) the scoring rate for a category divided by the scoring rate for the highest scoring
  category".

6 RCNY §5-301 asks for these separately for sex categories, race/ethnicity categories (those of the EEO-1
Component 1 report) and intersectional categories of sex with race/ethnicity, and for the number of individuals
left out because their category is unknown.

**Four-fifths rule**: a rate below four-fifths (80%) of the highest rate "will generally be regarded ... as evidence
of adverse impact" (US EEOC Uniform Guidelines on Employee Selection Procedures, 29 CFR §1607.4(D)), which also warns
that with small numbers such a difference may be chance: hence Fisher's exact test beside every ratio.

**Small groups.** The rules (6 RCNY §5-301) let an auditor leave a category holding less than 2% of the data out of
the impact ratio calculations. We keep such a group's ratio but never let it be the *reference* (the most selected
category the others are divided by): otherwise a dozen people who happened to be selected often would flag nearly
every other intersection. **Suppression** is ours, not the rule's: a group smaller than `min_group` shows neither
its count nor its rates, and is never the reference either.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.stats import fisher_exact

SEX = "sex"
RACE_ETHNICITY = "race_ethnicity"
INTERSECTION = "intersection"
DIMENSION_LABELS = {SEX: "Sex", RACE_ETHNICITY: "Race/ethnicity", INTERSECTION: "Sex and race/ethnicity"}

SELECTION = "selection"
SCORING = "scoring"

# (stored value, label). A blank or missing value is "unknown".
SEX_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("female", "Female"),
    ("male", "Male"),
    ("not_listed", "Not listed"),
)
# The race/ethnicity categories of the EEO-1 Component 1 report, in its order, as LL144's rules use them.
RACE_ETHNICITY_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("hispanic_latino", "Hispanic or Latino"),
    ("white", "White"),
    ("black", "Black or African American"),
    ("native_hawaiian_pacific_islander", "Native Hawaiian or Other Pacific Islander"),
    ("asian", "Asian"),
    ("native_american_alaska_native", "Native American or Alaska Native"),
    ("two_or_more", "Two or more races"),
)

FOUR_FIFTHS = (4, 5)  # as integers, so that a ratio of exactly 0.8 is never flagged by a rounding error
SIGNIFICANCE_LEVEL = 0.05
REFERENCE_MIN_SHARE = 0.02  # of the people whose category is known in that dimension
DEFAULT_MIN_GROUP = 10


@dataclass(frozen=True)
class GroupFigures:
    """One category of one dimension. Every figure is None when the group is suppressed."""

    category: dict[str, str]  # stored values by dimension: {"sex": "female"}, or with "race_ethnicity" too
    label: str
    count: int | None
    selected: int | None  # selected, or scored above the median
    rate: float | None  # selection rate or scoring rate
    impact_ratio: float | None
    below_four_fifths: bool
    p_value: float | None  # Fisher's exact test, two-sided, against the reference group
    significant: bool
    is_reference: bool  # the most selected (highest scoring) group the ratios divide by
    suppressed: bool
    min_group: int

    @property
    def count_display(self) -> str:
        return f"<{self.min_group}" if self.suppressed else str(self.count)

    @property
    def p_value_display(self) -> str:
        if self.p_value is None:
            return ""
        return "<0.001" if self.p_value < 0.001 else f"{self.p_value:.3f}"


@dataclass(frozen=True)
class DimensionFigures:
    dimension: str  # SEX, RACE_ETHNICITY or INTERSECTION
    groups: tuple[GroupFigures, ...]
    unknown: int  # people left out of this dimension because a category they would need is unknown

    @property
    def label(self) -> str:
        return DIMENSION_LABELS[self.dimension]

    @property
    def reference(self) -> GroupFigures | None:
        return next((g for g in self.groups if g.is_reference), None)


@dataclass(frozen=True)
class StageFigures:
    measure: str  # SELECTION or SCORING
    population: int
    median: float | None  # the whole sample's median score (scoring only)
    min_group: int
    dimensions: tuple[DimensionFigures, ...]
    anyone_selected: bool

    def dimension(self, name: str) -> DimensionFigures:
        return next(d for d in self.dimensions if d.dimension == name)


def audit_selection(
    sex: Sequence[str | None],
    race_ethnicity: Sequence[str | None],
    selected: Sequence[bool],
    *,
    min_group: int = DEFAULT_MIN_GROUP,
) -> StageFigures:
    """Selection rates and impact ratios: one entry per person in each sequence (None or "" = unknown category)."""
    chosen = np.asarray(selected, dtype=bool)
    return _audit(sex, race_ethnicity, chosen, measure=SELECTION, median=None, min_group=min_group)


def audit_scores(
    sex: Sequence[str | None],
    race_ethnicity: Sequence[str | None],
    scores: Sequence[float],
    *,
    min_group: int = DEFAULT_MIN_GROUP,
) -> StageFigures:
    """Scoring rates and impact ratios: a person "scores" when strictly above the median of the whole sample
    (unknowns included: they are part of the sample the tool scored)."""
    values = np.asarray(scores, dtype=float)
    if values.size and not np.isfinite(values).all():
        raise ValueError("every score must be a finite number")
    median = float(np.median(values)) if values.size else None
    above = values > median if median is not None else np.zeros(0, dtype=bool)
    return _audit(sex, race_ethnicity, above, measure=SCORING, median=median, min_group=min_group)


def _audit(
    sex: Sequence[str | None],
    race_ethnicity: Sequence[str | None],
    selected: np.ndarray,
    *,
    measure: str,
    median: float | None,
    min_group: int,
) -> StageFigures:
    if min_group < 1:
        raise ValueError("min_group must be at least 1")
    n = len(selected)
    if len(sex) != n or len(race_ethnicity) != n:
        raise ValueError("sex, race_ethnicity and the outcomes must have one entry per person")
    sex_codes = _codes(sex, SEX_CATEGORIES, SEX)
    race_codes = _codes(race_ethnicity, RACE_ETHNICITY_CATEGORIES, RACE_ETHNICITY)
    both_known = (sex_codes >= 0) & (race_codes >= 0)
    n_race = len(RACE_ETHNICITY_CATEGORIES)
    intersection_codes = np.where(both_known, sex_codes * n_race + race_codes, -1)
    intersections = [
        ({SEX: s, RACE_ETHNICITY: r}, f"{s_label} · {r_label}")
        for s, s_label in SEX_CATEGORIES
        for r, r_label in RACE_ETHNICITY_CATEGORIES
    ]
    dimensions = (
        _dimension(SEX, [({SEX: v}, label) for v, label in SEX_CATEGORIES], sex_codes, selected, min_group),
        _dimension(RACE_ETHNICITY, [({RACE_ETHNICITY: v}, label) for v, label in RACE_ETHNICITY_CATEGORIES], race_codes, selected, min_group),
        _dimension(INTERSECTION, intersections, intersection_codes, selected, min_group),
    )
    return StageFigures(
        measure=measure, population=n, median=median, min_group=min_group, dimensions=dimensions,
        anyone_selected=bool(selected.any()),
    )


def _codes(labels: Sequence[str | None], categories: tuple[tuple[str, str], ...], name: str) -> np.ndarray:
    """Each label's index in `categories`, -1 for unknown; a label that is no category is an error, not an unknown."""
    index = {value: i for i, (value, _) in enumerate(categories)}
    codes = np.empty(len(labels), dtype=np.int64)
    for i, label in enumerate(labels):
        if label is None or label == "":
            codes[i] = -1
        else:
            try:
                codes[i] = index[label]
            except KeyError:
                raise ValueError(f"{label!r} is not a {name} category") from None
    return codes


def _dimension(
    name: str,
    categories: list[tuple[dict[str, str], str]],
    codes: np.ndarray,
    selected: np.ndarray,
    min_group: int,
) -> DimensionFigures:
    known = codes >= 0
    counts = np.bincount(codes[known], minlength=len(categories))
    chosen = np.bincount(codes[known & selected], minlength=len(categories))
    shown = counts >= min_group
    # Compared in integers (share = 1/50) so that exactly 2% qualifies.
    large = counts * round(1 / REFERENCE_MIN_SHARE) >= counts.sum()

    # The reference: the highest rate among the groups shown that hold at least 2% of the data; the first in
    # category order on a tie.
    reference: int | None = None
    for i in np.flatnonzero(shown & large):
        if reference is None or chosen[i] * counts[reference] > chosen[reference] * counts[i]:
            reference = int(i)
    if reference is not None and chosen[reference] == 0:
        reference = None  # nobody selected in any group shown: no ratio to take, nothing to test against
    ref_selected = int(chosen[reference]) if reference is not None else 0
    ref_count = int(counts[reference]) if reference is not None else 0

    groups = []
    for i, (category, label) in enumerate(categories):
        if not shown[i]:
            groups.append(GroupFigures(category, label, None, None, None, None, False, None, False, False, True, min_group))
            continue
        n, k = int(counts[i]), int(chosen[i])
        is_reference = i == reference
        ratio = p_value = None
        below = False
        if reference is not None:
            ratio = (k / n) / (ref_selected / ref_count)
            below = FOUR_FIFTHS[1] * k * ref_count < FOUR_FIFTHS[0] * ref_selected * n
            if not is_reference:
                p_value = fisher_p_value(k, n, ref_selected, ref_count)
        groups.append(GroupFigures(
            category, label, n, k, k / n, ratio, below, p_value,
            p_value is not None and p_value < SIGNIFICANCE_LEVEL, is_reference, False, min_group,
        ))
    return DimensionFigures(name, tuple(groups), unknown=int((~known).sum()))


def fisher_p_value(selected: int, count: int, ref_selected: int, ref_count: int) -> float:
    """Two-sided Fisher's exact test of a group's 2x2 table (selected, not selected) against the reference group's."""
    table = [[selected, count - selected], [ref_selected, ref_count - ref_selected]]
    return float(fisher_exact(table, alternative="two-sided").pvalue)
