"""Template helpers for "why this match": the score components as rows a table can show, and scores as percentages."""

from __future__ import annotations

from django import template

register = template.Library()
TIMES = "\N{MULTIPLICATION SIGN}"

COMPONENTS = {
    "person": {
        "fit": ("Skill fit", "how well your skills cover the skills it asks for"),
        "growth": ("Growth", "skills it would grow toward your aspirations"),
        "preference": ("Preferences", "the type and work mode you said you want"),
    },
    "owner": {
        "fit": ("Skill fit", "how well their skills cover the skills it asks for"),
        "interest": ("Interest", "growth toward their aspirations and their stated preferences"),
        "availability": ("Availability", "their free hours against the hours it asks"),
        "discount": ("Exposure discount", "a multiplier: people already holding many invitations or assignments rank a little lower, so others are seen too"),
    },
}


@register.simple_tag
def why_rows(match, side: str = "person") -> list[tuple[str, str, float, float | None]]:
    """(label, help, value, weight) for each score component; the discount has no weight, it multiplies."""
    names = COMPONENTS["owner" if side == "owner" else "person"]
    rows = []
    for name, value in match.components.items():
        label, help_text = names.get(name, (name.replace("_", " ").capitalize(), ""))
        rows.append((label, help_text, value, match.weights.get(name)))
    return rows


@register.simple_tag
def why_formula(match) -> str:
    """How the components make the score: "0.55 x 0.71 + 0.25 x 0.00 + 0.20 x 0.50" with multiplication signs,
    the whole times the exposure discount on the owner's side."""
    terms = [f"{match.weights[n]:.2f} {TIMES} {v:.2f}" for n, v in match.components.items() if n in match.weights]
    formula = " + ".join(terms)
    discount = match.components.get("discount")
    return f"({formula}) {TIMES} {discount:.2f}" if discount is not None else formula


@register.filter
def percent(value) -> str:
    """0.784 -> "78%"."""
    try:
        return f"{round(float(value) * 100):d}%"
    except (TypeError, ValueError):
        return ""
