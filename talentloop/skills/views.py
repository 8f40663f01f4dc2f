"""The taxonomy typeahead, and the lookup it shares with every form that takes a skill by name.

A person types a label, a slug or an alias; the typeahead offers matching skills as <option>s for an
<input list=...>, and without JavaScript the submitted text is resolved on the server the same way.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Prefetch, Q, Value, When
from django.shortcuts import render
from django.views.decorators.http import require_GET

from talentloop.skills.models import Skill, SkillAlias

TYPEAHEAD_LIMIT = 12
MAX_QUERY = 100


def search_skills(text: str, limit: int = TYPEAHEAD_LIMIT) -> list[Skill]:
    """Active skills whose label, slug or an alias contains `text`: label prefixes first, then other label
    matches, then alias matches. Each skill carries `matched_aliases` (the aliases that matched)."""
    text = " ".join(text.split())[:MAX_QUERY]
    if not text:
        return []
    matching = Q(label__icontains=text) | Q(slug__icontains=text) | Q(aliases__alias__icontains=text)
    ids = Skill.objects.filter(is_active=True).filter(matching).values("pk")
    return list(
        Skill.objects.filter(pk__in=ids)
        .select_related("category")
        .annotate(
            rank=Case(
                When(label__iexact=text, then=Value(0)),
                When(label__istartswith=text, then=Value(1)),
                When(label__icontains=text, then=Value(2)),
                default=Value(3),
                output_field=IntegerField(),
            )
        )
        .prefetch_related(
            Prefetch("aliases", queryset=SkillAlias.objects.filter(alias__icontains=text), to_attr="matched_aliases")
        )
        .order_by("rank", "label")[:limit]
    )


def resolve_skill(text: str) -> Skill:
    """The one active skill whose label, slug or alias is exactly `text` (ignoring case), or a ValidationError
    that says whether nothing matched or several skills did."""
    text = " ".join((text or "").split())
    if not text:
        raise ValidationError("Type a skill and pick one of the suggestions.", code="required")
    active = Skill.objects.filter(is_active=True)
    skill = (
        active.filter(label__iexact=text).first()
        or active.filter(slug=text.lower()).first()
        or active.filter(aliases__alias__iexact=text).first()
    )
    if skill is not None:
        return skill
    candidates = search_skills(text, limit=6)
    if not candidates:
        raise ValidationError(
            "There is no skill called “%(text)s” in the taxonomy. Try another word or a shorter part of it.",
            code="unknown", params={"text": text},
        )
    labels = ", ".join(f"“{s.label}”" for s in candidates[:5])
    if len(candidates) == 1:
        raise ValidationError(
            "There is no skill called exactly “%(text)s”. Did you mean %(labels)s?",
            code="unknown", params={"text": text, "labels": labels},
        )
    raise ValidationError(
        "“%(text)s” matches several skills: %(labels)s%(more)s. Pick one of them.",
        code="ambiguous", params={"text": text, "labels": labels, "more": " and more" if len(candidates) > 5 else ""},
    )


@login_required
@require_GET
def typeahead(request):
    skills = search_skills(request.GET.get("q", ""))
    return render(request, "skills/typeahead_options.html", {"skills": skills})
