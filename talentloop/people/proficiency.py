"""The documented rule by which observed evidence (gig feedback, later assessments) changes a held proficiency.

Pure: no Django. docs/workflows.md states the same rule in words.

- Nothing held yet: the person now holds the skill at the observed level.
- Observed at or above the held level: the level becomes the observed level (it was shown in real work).
- Observed below the held level:
  - when the held level rests only on the person's own word (no verified evidence at or above it), the observed
    level replaces it: observed work outweighs a self-assessment;
  - when verified evidence already shows the held level, it stays: one lower observation does not erase proof.
"""

from __future__ import annotations


def level_after_observation(held: int | None, observed: int, *, held_is_verified: bool) -> int:
    if not 1 <= observed <= 5:
        raise ValueError(f"observed level {observed} is not a proficiency from 1 to 5")
    if held is None or observed >= held:
        return observed
    return held if held_is_verified else observed
