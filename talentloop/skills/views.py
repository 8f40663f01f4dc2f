"""The taxonomy typeahead, and the lookup it shares with every form that takes a skill by name.

A person types a label, a slug or an alias; the typeahead offers matching skills as <option>s for an
<input list=...>, then the skills the text most likely means ("py scripting" → Python) from
`talentloop.skills.intelligence.normalize`. A submitted text is resolved exactly, never to a skill it merely resembles:
the resemblance only goes into the error ("Did you mean …?").
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Prefetch, Q, Value, When
from django.db.models.functions import Lower
from django.shortcuts import render
from django.views.decorators.http import require_GET

from talentloop.skills import intelligence
from talentloop.skills.models import Skill, SkillAlias

TYPEAHEAD_LIMIT = 12
MAX_QUERY = 100
# Normalisation answers every text with some skill; below this score the resemblance is noise. On the starter
# taxonomy with MiniLM (weights 0.3/0.7): "py scripting" → Python 0.66, "telepathy" → Empathy 0.56, while the best
# noise stays under 0.40 ("pyhton" → PyTorch 0.39, "k8s" → OKRs 0.37, "cooking" → Coaching 0.31).
CLOSE_ENOUGH = 0.45
# One or two letters are the start of a word, not a phrase to normalise.
MIN_NORMALIZE_CHARS = 3
DID_YOU_MEAN = 3


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


def close_skills(text: str, limit: int, *, exclude: Collection[int] = ()) -> list[Skill]:
    """Active skills `text` most likely means by normalisation (not containing it), best first, at most `limit`."""
    text = " ".join(text.split())[:MAX_QUERY]
    if len(text) < MIN_NORMALIZE_CHARS or limit <= 0:
        return []
    found = []
    for suggestion in intelligence.normalize(text, limit=limit + len(exclude)):
        if suggestion.score < CLOSE_ENOUGH:
            break
        if suggestion.skill.pk not in exclude:
            found.append(suggestion.skill)
    return found[:limit]


def typeahead_options(text: str) -> list[tuple[Skill, str]]:
    """The typeahead's options: skills containing the text, then skills close to it, each with its hint."""
    matches = search_skills(text)
    options = [
        (s, f"also called {', '.join(a.alias for a in s.matched_aliases)}" if s.matched_aliases else (s.category.name if s.category_id else ""))
        for s in matches
    ]
    close = close_skills(text, TYPEAHEAD_LIMIT - len(matches), exclude={s.pk for s in matches})
    return options + [(s, "close to what you typed") for s in close]


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
    if len(candidates) > 1:
        labels = ", ".join(f"“{s.label}”" for s in candidates[:5])
        raise ValidationError(
            "“%(text)s” matches several skills: %(labels)s%(more)s. Pick one of them.",
            code="ambiguous", params={"text": text, "labels": labels, "more": " and more" if len(candidates) > 5 else ""},
        )
    meant = candidates + close_skills(text, DID_YOU_MEAN - len(candidates), exclude={s.pk for s in candidates})
    if not meant:
        raise ValidationError(
            "There is no skill called “%(text)s” in the taxonomy. Try another word or a shorter part of it.",
            code="unknown", params={"text": text},
        )
    quoted = [f"“{s.label}”" for s in meant]
    labels = quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"
    raise ValidationError(
        "There is no skill called “%(text)s”. Did you mean %(labels)s?", code="unknown", params={"text": text, "labels": labels}
    )


def skills_named(texts: Collection[str]) -> set[int]:
    """Ids of the active skills that `texts` name exactly (label, slug or alias, ignoring case), as resolve_skill
    would resolve them; texts that name nothing are left out, without an error."""
    folded = {" ".join(t.split()).lower() for t in texts if t and t.strip()}
    if not folded:
        return set()
    active = Skill.objects.filter(is_active=True)
    by_name = active.annotate(folded=Lower("label")).filter(Q(folded__in=folded) | Q(slug__in=folded))
    by_alias = SkillAlias.objects.annotate(folded=Lower("alias")).filter(folded__in=folded, skill__is_active=True)
    return set(by_name.values_list("pk", flat=True)) | set(by_alias.values_list("skill_id", flat=True))


@dataclass(frozen=True)
class ShownSuggestion:
    """A suggestion as a page shows it: the confidence in numbers and words, and the passage cut in three around the
    words that matched, so the template escapes each part and marks the middle one (no HTML is built here)."""

    skill: Skill
    score: float
    signal: str
    before: str
    matched: str
    after: str

    @property
    def percent(self) -> int:
        return round(self.score * 100)

    @property
    def confidence(self) -> str:
        return "very likely" if self.score >= 0.9 else "likely" if self.score >= 0.6 else "possible"

    @property
    def reason(self) -> str:
        return {"exact": "named in the text", "lexical": "similar words"}.get(self.signal, "similar meaning")

    @property
    def passage(self) -> str:
        return f"{self.before}{self.matched}{self.after}"


def shown(suggestion: intelligence.Suggestion) -> ShownSuggestion:
    passage = suggestion.passage
    at = passage.find(suggestion.matched) if suggestion.matched else -1
    if at < 0:
        return ShownSuggestion(suggestion.skill, suggestion.score, suggestion.signal, passage, "", "")
    end = at + len(suggestion.matched)
    return ShownSuggestion(suggestion.skill, suggestion.score, suggestion.signal, passage[:at], passage[at:end], passage[end:])


@login_required
@require_GET
def typeahead(request):
    options = typeahead_options(request.GET.get("q", ""))
    return render(request, "skills/typeahead_options.html", {"options": options})
