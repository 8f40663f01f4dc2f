"""The kinds of notification and the categories a person chooses email for, as plain data.

A person sets email on or off per category rather than per kind: fourteen switches would be a chore, and the
kinds of one category matter to a person in the same way (something waits on you; your applications moved;
activity on what you own; the digest).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Category:
    key: str
    label: str
    help: str
    email_by_default: bool


WAITING_ON_YOU = "waiting_on_you"
APPLICATIONS = "applications"
ACTIVITY = "activity"
DIGEST = "digest"

CATEGORIES: dict[str, Category] = {
    WAITING_ON_YOU: Category(
        WAITING_ON_YOU, "Waiting on you",
        "Invitations to apply, time to release, opportunities to approve, completions to confirm, and reminders of them.",
        True,
    ),
    APPLICATIONS: Category(
        APPLICATIONS, "Your applications",
        "Each step of your applications: shortlisted, offered, released, declined with its reason, expired, completed.",
        True,
    ),
    ACTIVITY: Category(
        ACTIVITY, "Your opportunities",
        "Applications received, decisions on the opportunities you posted, mentoring sessions logged.",
        False,
    ),
    DIGEST: Category(DIGEST, "Digest of new matches", "New opportunities that match your skills, as often as you choose.", True),
}

# kind -> (label shown in preferences and the inbox, category)
_KINDS: dict[str, tuple[str, str]] = {
    "invited": ("You are invited to apply", WAITING_ON_YOU),
    "release_requested": ("Time to release for a report", WAITING_ON_YOU),
    "release_escalated": ("A release is overdue and passed to you", WAITING_ON_YOU),
    "approval_requested": ("An opportunity waits for your approval", WAITING_ON_YOU),
    "completion_to_confirm": ("A completion waits for your confirmation", WAITING_ON_YOU),
    "reminder": ("A reminder of something waiting on you", WAITING_ON_YOU),
    "application_update": ("Your application moved on", APPLICATIONS),
    "release_expired": ("A release was not given in time", APPLICATIONS),
    "completed": ("An opportunity was completed", APPLICATIONS),
    "application_received": ("Someone applied to your opportunity", ACTIVITY),
    "opportunity_approved": ("Your opportunity was approved", ACTIVITY),
    "opportunity_rejected": ("Your opportunity was not approved", ACTIVITY),
    "session_logged": ("A mentoring session was logged", ACTIVITY),
    "digest": ("New matches for you", DIGEST),
}

KINDS: dict[str, str] = {kind: label for kind, (label, _) in _KINDS.items()}
KIND_CATEGORY: dict[str, str] = {kind: category for kind, (_, category) in _KINDS.items()}


def kinds_of(category: str) -> list[str]:
    return [kind for kind, c in KIND_CATEGORY.items() if c == category]
