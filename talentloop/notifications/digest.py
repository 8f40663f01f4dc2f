"""Digests of new matches: "3 new gigs match your skills", daily or weekly as each person chooses.

The rule (docs/notifications.md): for each active employee whose digest of this frequency is due, take the open
opportunities published since their last digest (or, for a first digest, within the last period), keep those
that appear in their "for you" feed with a score of at least DIGEST_MIN_SCORE, and send one notification of kind
`digest` counting them by type. Nothing is sent when nothing new matches; either way the person's
last_digest_at moves to now, so the next digest starts where this one ended and a second run sends nothing.
"""

from __future__ import annotations

import logging
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Min, Q
from django.urls import reverse
from django.utils import timezone

from talentloop.accounts.personas import Personas
from talentloop.marketplace.lifecycle import OpportunityStatus, OpportunityType
from talentloop.marketplace.models import Opportunity
from talentloop.matching import services as matching
from talentloop.matching.engine import Filters
from talentloop.notifications.api import notify
from talentloop.notifications.models import DigestFrequency, NotificationPreference

logger = logging.getLogger(__name__)

# A match counts from this score up. With neutral preferences (0.5 x 0.20) this asks for a skill fit of about
# 0.55 (roughly the required skills held at the asked level), or less fit with growth or preferences hit:
# below it the "for you" feed still lists the opportunity, but it is not worth an email.
DIGEST_MIN_SCORE = 0.4
MAX_MATCHES = 50  # per person and digest: more would not be read; the feed has them all
LISTED = 5  # titles named in the body

PERIODS: dict[str, timedelta] = {DigestFrequency.DAILY: timedelta(days=1), DigestFrequency.WEEKLY: timedelta(days=7)}
# A run a little early (a slow worker, a clock adjusted) must not skip a person for a whole period.
SLACK = timedelta(hours=1)

TYPE_NOUNS: dict[str, tuple[str, str]] = {
    OpportunityType.GIG: ("gig", "gigs"),
    OpportunityType.PROJECT: ("stretch project", "stretch projects"),
    OpportunityType.MENTORSHIP: ("mentorship", "mentorships"),
    OpportunityType.JOB_SHADOWING: ("job shadowing opportunity", "job shadowing opportunities"),
    OpportunityType.FREELANCE: ("part-time freelancing opportunity", "part-time freelancing opportunities"),
    OpportunityType.PERMANENT_ROLE: ("permanent role", "permanent roles"),
}


@dataclass(frozen=True)
class DigestMatch:
    title: str
    type: str
    score: float


def count_line(count: int, type_: str | None) -> str:
    """ "1 new gig matches your skills", "3 new gigs match your skills", "5 new opportunities match ..." """
    singular, plural = TYPE_NOUNS.get(type_ or "", ("opportunity", "opportunities"))
    noun = singular if count == 1 else plural
    return f"{count} new {noun} {'matches' if count == 1 else 'match'} your skills"


def compose(matches: list[DigestMatch]) -> tuple[str, str]:
    """The digest's title and body: counts by type (most first), then the best few by title."""
    by_type = Counter(m.type for m in matches)
    order = list(TYPE_NOUNS)
    types = sorted(by_type, key=lambda t: (-by_type[t], order.index(t) if t in order else len(order)))
    title = count_line(len(matches), types[0] if len(types) == 1 else None)
    lines = [count_line(by_type[t], t) + "." for t in types] if len(types) > 1 else []
    best = sorted(matches, key=lambda m: -m.score)[:LISTED]
    if lines:
        lines.append("")
    lines.append("Best matches:" if len(matches) > 1 else "The match:")
    lines += [f"- {m.title} ({TYPE_NOUNS.get(m.type, (m.type, ''))[0]}, {round(m.score * 100)}% match)" for m in best]
    if len(matches) > len(best):
        lines.append(f"… and {len(matches) - len(best)} more in your “For you” feed.")
    return title, "\n".join(lines)


def _people(frequency: str, now: datetime):
    """Active employees (not left) whose digest of this frequency is due."""
    due_before = now - PERIODS[frequency] + SLACK
    chosen = Q(notification_preference__digest_frequency=frequency)
    if frequency == NotificationPreference._meta.get_field("digest_frequency").default:
        chosen |= Q(notification_preference__isnull=True)
    today = timezone.localdate(now)
    return (
        User.objects.filter(chosen, is_active=True, employee__isnull=False)
        .filter(Q(employee__leave_date__isnull=True) | Q(employee__leave_date__gt=today))
        .filter(Q(notification_preference__last_digest_at__isnull=True) | Q(notification_preference__last_digest_at__lte=due_before))
        .order_by("pk")
    )


def send_digests(frequency: str, now: datetime | None = None) -> dict[str, int]:
    """Send the daily or weekly digests that are due. Answers {"checked": people looked at, "sent": digests sent}."""
    if frequency not in PERIODS:
        raise ValueError(f"Unknown digest frequency {frequency!r}; expected one of: {', '.join(PERIODS)}.")
    now = now or timezone.now()
    period = PERIODS[frequency]
    people = _people(frequency, now)
    # Every opportunity any of them could hear about, fetched once (published after the oldest "since"), in
    # publication order: each person's new ones are then a suffix, shared by everyone with the same "since".
    oldest_last = people.aggregate(m=Min("notification_preference__last_digest_at"))["m"]
    oldest_since = min(filter(None, [oldest_last, now - period]))
    fresh = list(
        Opportunity.objects.filter(status=OpportunityStatus.OPEN, published_at__gt=oldest_since, published_at__lte=now)
        .order_by("published_at", "id")
        .values_list("published_at", "id")
    )
    times = [published_at for published_at, _ in fresh]
    published_after: dict[datetime, frozenset[int]] = {}
    # Ids first: the loop writes the rows the query reads, which an open cursor must not see change.
    user_ids = list(people.values_list("pk", flat=True))
    checked = sent = 0
    for start in range(0, len(user_ids), 500):
        chunk = User.objects.filter(pk__in=user_ids[start : start + 500]).select_related("notification_preference").order_by("pk")
        for user in chunk:
            checked += 1
            pref = getattr(user, "notification_preference", None)
            since = pref.last_digest_at if pref is not None and pref.last_digest_at else now - period
            if since not in published_after:
                published_after[since] = frozenset(o for _, o in fresh[bisect_right(times, since) :])
            ids = published_after[since]
            matches = _matches(user, ids) if ids else []
            with transaction.atomic():  # the notification and the new last_digest_at go together, or neither
                if matches:
                    title, body = compose(matches)
                    notify(user, "digest", title, body, reverse("matching:feed"))
                    sent += 1
                NotificationPreference.objects.update_or_create(user=user, defaults={"last_digest_at": now})
    logger.info("%s digests: %d people checked, %d sent", frequency, checked, sent)
    return {"checked": checked, "sent": sent}


def _matches(user: User, opportunity_ids: frozenset[int]) -> list[DigestMatch]:
    items, _ = matching.feed(Personas(user), filters=Filters(only=opportunity_ids), k=min(len(opportunity_ids), MAX_MATCHES))
    return [
        DigestMatch(item.opportunity.title, item.opportunity.type, item.match.score)
        for item in items
        if item.match.score >= DIGEST_MIN_SCORE
    ]
