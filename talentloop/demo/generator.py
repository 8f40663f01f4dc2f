"""The demo organisation: a plausible company built deterministically from a seed, fast enough for 100,000 people.

The whole organisation is first computed in Python (plain objects, one `random.Random(seed)`, dates relative to
the fixed `AS_OF`), then written in one transaction with bulk inserts whose primary keys are assigned here, so no
row needs a query of its own. It writes straight to the models because it is a bulk loader: it creates a whole
organisation at once and records no per-action audit trail.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import logging
import time
import uuid
from collections import Counter, deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from random import Random
from typing import Any, TextIO

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, User
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connection, connections, models, transaction
from django.db.models.signals import post_delete, pre_delete
from django.utils import timezone
from django.utils.text import slugify

from talentloop.accounts.personas import LOD_ADMIN_GROUP, TALENT_ADMIN_GROUP
from talentloop.analytics import snapshots as analytics_snapshots
from talentloop.credentials import api as credentials_api
from talentloop.credentials.models import Achievement, Credential, default_evidence_sources
from talentloop.fairness.models import Demographic, RaceEthnicity, RecommendationExposure, Sex
from talentloop.learning import rules as learning_rules
from talentloop.learning.models import (
    ASSESSING_KINDS,
    ItemFormat,
    ItemKind,
    LearningItem,
    LearningItemSkill,
    LearningRecord,
    LearningRecordEvent,
)
from talentloop.marketplace.lifecycle import (
    HOLDS_SEAT,
    OPPORTUNITY_TYPE_LABELS,
    Actor,
    ApplicationStatus,
    MentorshipDirection,
    OpportunityActor,
    OpportunityStatus,
    OpportunityType,
    allowed_moves,
    publish_needs_approval,
    release_required,
)
from talentloop.marketplace.models import (
    Application,
    ApplicationStatusChange,
    ChangeEvent,
    Completion,
    MentorshipSession,
    Opportunity,
    OpportunitySkill,
    OpportunityStatusChange,
    SkillNeed,
    SkillRating,
)
from talentloop.matching import stamps
from talentloop.notifications.models import Notification, NotificationPreference
from talentloop.organisation.models import OverdueRelease
from talentloop.organisation.models import current as organisation_settings
from talentloop.pathways.models import Pathway
from talentloop.people.models import (
    MAX_WEEKLY_HOURS,
    VERIFIED_SOURCES,
    Aspiration,
    Department,
    Employee,
    EmployeeSkill,
    EvidenceSource,
    Location,
    ProfileVisibility,
    RoleChange,
    SkillEvidence,
    WorkMode,
)
from talentloop.people.proficiency import level_after_observation
from talentloop.roles.models import Role, RoleFamily, RoleSkill
from talentloop.skills.models import Proficiency, RelatedSkill, Skill, SkillCategory
from talentloop.skills.starter import load_starter_taxonomy

S = ApplicationStatus
T = OpportunityType
E = EvidenceSource
OS = OpportunityStatus
D = MentorshipDirection

# Every date of the demo is relative to this day, never to today, so a seed always gives the same organisation.
AS_OF = date(2026, 11, 1)
AS_OF_AT = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
# Hired by then: long enough in the company to have posted what closed or was cancelled up to two years ago.
SEASONED = AS_OF - timedelta(days=800)
MIN_EMPLOYEES = 20
MIN_OPPORTUNITIES = 12  # the persona opportunities plus room for every type and status
BATCH_SIZE = 5000
EMAIL_DOMAIN = "demo.talentloop.test"


class DemoError(ValueError):
    """The demo cannot be built as asked (the message says why)."""


@dataclass(frozen=True)
class DemoPersona:
    persona: str
    username: str
    can_do: str


DEMO_PERSONAS: tuple[DemoPersona, ...] = (
    DemoPersona("employee", "employee", "Maya: her profile, opportunities that use her skills, applications (a gig offer awaits her manager's release), a pathway under way, courses done and a credential"),
    DemoPersona("line manager", "manager", "Maya's manager: releases her time for the gig, sees the team of 5+"),
    DemoPersona("opportunity owner", "owner", "owns open opportunities with applicants to shortlist and offer"),
    DemoPersona("L&OD admin", "lod", "runs learning and the skills taxonomy; opens the Django admin"),
    DemoPersona("talent admin", "talent", "manages taxonomy, roles, departments and settings; opens the Django admin"),
)
PERSONA_NAMES = {
    "employee": ("Maya", "Okafor"),
    "manager": ("Daniel", "Hughes"),
    "owner": ("Priya", "Shah"),
    "lod": ("Lena", "Fischer"),
    "talent": ("Tom", "Becker"),
}


@dataclass
class DemoSummary:
    seed: int
    employees: int
    leavers: int
    departments: int
    locations: int
    role_families: int
    roles: int
    skills: int
    employee_skills: int
    evidence: int
    aspirations: int
    opportunities: dict[str, int]
    applications: dict[str, int]
    status_changes: int
    seconds: float
    password: str
    personas: tuple[DemoPersona, ...] = DEMO_PERSONAS
    demographics: int = 0
    opportunity_changes: int = 0
    completions: int = 0
    skill_ratings: int = 0
    sessions: int = 0
    role_changes: int = 0
    learning_items: int = 0
    compliance_items: int = 0
    learning_records: int = 0
    learning_events: int = 0
    pathways: int = 0
    achievements: int = 0
    credentials: int = 0

    def lines(self) -> list[str]:
        opp = ", ".join(f"{k} {v}" for k, v in self.opportunities.items())
        app = ", ".join(f"{k} {v}" for k, v in self.applications.items())
        return [
            f"Demo organisation (seed {self.seed}) built in {self.seconds:.1f} s:",
            f"  {self.employees:,} employees ({self.leavers:,} leavers) in {self.departments} departments, {self.locations} locations",
            f"  {self.role_families} role families, {self.roles} roles, {self.skills} skills",
            f"  {self.employee_skills:,} employee skills with {self.evidence:,} pieces of evidence, {self.aspirations:,} aspirations",
            f"  {sum(self.opportunities.values()):,} opportunities: {opp}",
            f"  {sum(self.applications.values()):,} applications: {app}",
            f"  {self.status_changes:,} application status changes and events, {self.opportunity_changes:,} opportunity status changes",
            f"  {self.completions:,} completions with {self.skill_ratings:,} skill ratings, {self.sessions:,} mentoring sessions,"
            f" {self.role_changes:,} internal moves",
            f"  {self.learning_items:,} learning items ({self.compliance_items:,} compliance), {self.learning_records:,} learning records,"
            f" {self.pathways:,} pathways, {self.achievements} achievements, {self.credentials:,} credentials issued",
            f"  {self.demographics:,} people with synthetic demographic data for the bias audit (the rest unknown)",
        ]


def sign_ins_table(password: str, *, with_can_do: bool = False) -> list[str]:
    """The demo sign-ins, one line per persona."""
    rows = [("persona", "username", "password", *(["can"] if with_can_do else []))]
    rows += [(p.persona, p.username, password, *([p.can_do] if with_can_do else [])) for p in DEMO_PERSONAS]
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return ["  " + "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]


# ---------------------------------------------------------------------------------------------------------------
# The shape of the company
# ---------------------------------------------------------------------------------------------------------------

# slug, name, parent slug, size weight, {skill family slug: weight}. Parents come before their children; the
# order is also the order in which departments are staffed when a small organisation cannot fill them all.
DEPARTMENTS: tuple[tuple[str, str, str | None, int, dict[str, int]], ...] = (
    ("executive-office", "Executive Office", None, 1, {"project-programme-management": 2, "finance-accounting": 1, "legal-compliance": 1}),
    ("technology", "Technology", "executive-office", 3, {"software-engineering": 4, "cloud-infrastructure": 2, "project-programme-management": 1}),
    ("product-engineering", "Product Engineering", "technology", 14, {"software-engineering": 8, "product-design": 1, "data-analytics": 1}),
    ("sales", "Sales", "executive-office", 12, {"sales-customer-success": 6, "marketing-communications": 1}),
    ("people", "People", "executive-office", 4, {"people-hr": 6, "project-programme-management": 1}),
    ("product-design", "Product & Design", "executive-office", 6, {"product-design": 6, "project-programme-management": 1, "data-analytics": 1}),
    ("finance", "Finance", "executive-office", 5, {"finance-accounting": 6, "data-analytics": 1, "legal-compliance": 1}),
    ("marketing", "Marketing", "executive-office", 6, {"marketing-communications": 6, "data-analytics": 1, "product-design": 1}),
    ("operations", "Operations", "executive-office", 10, {"operations-supply-chain": 6, "project-programme-management": 2, "finance-accounting": 1}),
    ("data-analytics", "Data & Analytics", "technology", 6, {"data-analytics": 6, "software-engineering": 2}),
    ("platform-engineering", "Platform Engineering", "technology", 6, {"cloud-infrastructure": 5, "software-engineering": 3, "security": 1}),
    ("customer-success", "Customer Success", "sales", 9, {"sales-customer-success": 6, "operations-supply-chain": 1}),
    ("legal-compliance", "Legal & Compliance", "executive-office", 3, {"legal-compliance": 6, "security": 1}),
    ("information-security", "Information Security", "technology", 3, {"security": 6, "cloud-infrastructure": 1, "legal-compliance": 1}),
    ("programme-office", "Programme Office", "operations", 3, {"project-programme-management": 6}),
)

LOCATIONS = (  # slug, name, country, weight
    ("london", "London", "GB", 30),
    ("manchester", "Manchester", "GB", 14),
    ("berlin", "Berlin", "DE", 18),
    ("amsterdam", "Amsterdam", "NL", 12),
    ("new-york", "New York", "US", 16),
    ("lisbon", "Lisbon", "PT", 10),
)

# Skill families held by everyone rather than making up a job family of their own.
LEADERSHIP_FAMILY = "leadership-management"
INTERPERSONAL_FAMILY = "interpersonal-communication"
TRANSVERSAL_FAMILIES = frozenset({LEADERSHIP_FAMILY, INTERPERSONAL_FAMILY})
ROLE_TRACKS = {  # skill family slug -> the job title of its track
    "software-engineering": "Software Engineer",
    "data-analytics": "Data Analyst",
    "cloud-infrastructure": "Platform Engineer",
    "security": "Security Engineer",
    "product-design": "Product Manager",
    "project-programme-management": "Project Manager",
    "sales-customer-success": "Account Manager",
    "marketing-communications": "Marketing Specialist",
    "finance-accounting": "Financial Analyst",
    "people-hr": "People Partner",
    "operations-supply-chain": "Operations Analyst",
    "legal-compliance": "Legal Counsel",
}
LEVEL_TITLES = {1: "Junior {t}", 2: "{t}", 3: "Senior {t}", 4: "Lead {t}", 5: "Principal {t}", 6: "Head of {f}"}
# Per level 1..6: how many skills of the role's own family, and at which proficiency; transversal and leadership skills.
DOMAIN_SKILLS = (4, 5, 6, 6, 6, 5)
DOMAIN_PROFICIENCY = (2, 2, 3, 4, 4, 5)
INTERPERSONAL_SKILLS = (1, 1, 2, 2, 2, 2)
INTERPERSONAL_PROFICIENCY = (2, 2, 3, 3, 4, 4)
LEADERSHIP_SKILLS = (0, 0, 0, 1, 2, 3)
LEADERSHIP_PROFICIENCY = (0, 0, 0, 3, 4, 5)

FIRST_NAMES = (
    "Aisha", "Alex", "Amara", "Ana", "Andrei", "Arjun", "Ben", "Carla", "Chen", "Chloe", "Daniel", "David", "Elena",
    "Emma", "Farah", "Felix", "Grace", "Hannah", "Hugo", "Ines", "Isaac", "Jack", "Jana", "Javier", "Julia", "Kai",
    "Kemi", "Laura", "Leo", "Lucas", "Lucia", "Mai", "Marco", "Maria", "Mateo", "Mia", "Nadia", "Nina", "Noah", "Olga",
    "Omar", "Oscar", "Paula", "Pedro", "Rahul", "Rosa", "Ruth", "Sam", "Sara", "Sofia", "Sven", "Tariq", "Theo", "Uma",
    "Victor", "Wei", "Yara", "Yusuf", "Zara", "Zoe",
)
LAST_NAMES = (
    "Adeyemi", "Almeida", "Andersen", "Baker", "Bauer", "Bianchi", "Brown", "Campbell", "Chen", "Costa", "Dubois",
    "Evans", "Fernandes", "Garcia", "Green", "Hall", "Hansen", "Hoffmann", "Ivanova", "Jansen", "Jones", "Kaur",
    "Khan", "Kim", "Klein", "Kowalski", "Lambert", "Lopez", "Martin", "Meyer", "Moreau", "Murphy", "Nakamura",
    "Nguyen", "Novak", "Okafor", "Olsen", "Patel", "Pereira", "Petrov", "Quinn", "Rossi", "Santos", "Schmidt",
    "Silva", "Singh", "Smith", "Sousa", "Taylor", "Thomas", "Van Dijk", "Wagner", "Walker", "Weber", "Williams",
    "Wilson", "Wong", "Yilmaz", "Young", "Zhang",
)
TASKS = (
    "customer onboarding revamp", "quarterly planning pack", "data quality clean-up", "pricing page refresh",
    "internal tools audit", "partner portal launch", "hiring process redesign", "cloud cost review",
    "accessibility audit", "sales playbook update", "incident review programme", "supplier risk review",
    "churn analysis", "new starter guide", "leadership dashboard", "remote work policy refresh", "billing migration",
    "mobile app beta", "knowledge base overhaul", "warehouse process mapping", "brand refresh", "API deprecation plan",
    "month-end close automation", "customer survey analysis", "security awareness week", "vendor consolidation",
)
TITLE_TEMPLATES: dict[T, tuple[str, ...]] = {
    T.GIG: ("{skill} help for the {dept} team", "Short gig: {task}", "{task}: {skill} needed"),
    T.PROJECT: ("Stretch project: {task}", "{task} (cross-team project)", "Join the {task}"),
    T.JOB_SHADOWING: ("Shadow a {title}", "A week with the {dept} team", "Job shadowing: {title}"),
    T.FREELANCE: ("Part-time {skill} support for {dept}", "{skill} freelancer for the {task}", "Internal freelance: {task}"),
    T.PERMANENT_ROLE: ("{role}",),
}
MENTORSHIP_TITLES: dict[tuple[str, bool], tuple[str, ...]] = {  # (direction, reverse mentoring)
    (D.MENTOR_OFFERS, False): ("Mentorship in {skill}", "Learn {skill} with a {title}", "{skill} mentoring circle"),
    (D.MENTOR_OFFERS, True): ("Reverse mentoring in {skill}", "Reverse mentoring: {skill} from a newer colleague"),
    (D.MENTEE_ASKS, False): ("Looking for a mentor in {skill}", "Mentor wanted: {skill}"),
    (D.MENTEE_ASKS, True): ("Reverse mentoring: help me with {skill}", "Reverse mentor wanted: {skill}"),
}
APPLICATION_MESSAGES = (
    "I'd love to help with this.", "This fits what I want to learn next.", "I have done something similar before.",
    "Happy to start whenever suits you.", "",
)
# Internal moves recorded by HR (promotions and transfers), a year, of the people who can move; the permanent roles
# taken through the marketplace come on top (about 1% a year), for 7-9% in all.
HR_MOVES_PER_YEAR = 0.075
PROMOTION_SHARE = 0.55  # of the HR moves; the others are transfers to another department
# Of the applications to permanent roles, the share sought among people who completed a gig, project or freelancing
# engagement in the role's department before it was posted (when there is such a person): gig-to-permanent.
GIG_TO_PERMANENT_SHARE = 0.5
# Leavers: a yearly rate over the two years of history, halved for people who took a seat in the marketplace. It
# applies to people without a team and with nothing under way, so about 9% of everyone leaves in a year.
ATTRITION_PER_YEAR = 0.16
PARTICIPANT_ATTRITION_PER_YEAR = 0.08
HISTORY_DAYS = 730
# Direct reports a manager takes on (about 10 on average, as in most organisations of this size).
MANAGER_SPANS = ((4, 2), (5, 3), (6, 5), (7, 7), (8, 10), (9, 12), (10, 13), (11, 12), (12, 11), (13, 8), (14, 7), (15, 5), (16, 5))
TYPE_WEIGHTS = ((T.GIG, 30), (T.PROJECT, 20), (T.MENTORSHIP, 14), (T.JOB_SHADOWING, 10), (T.FREELANCE, 11), (T.PERMANENT_ROLE, 15))
HOURS = {T.GIG: (2, 8), T.PROJECT: (4, 12), T.MENTORSHIP: (1, 2), T.JOB_SHADOWING: (2, 6), T.FREELANCE: (4, 16), T.PERMANENT_ROLE: (37, 40)}
DURATION_DAYS = {T.GIG: (14, 56), T.PROJECT: (60, 180), T.MENTORSHIP: (90, 180), T.JOB_SHADOWING: (5, 28), T.FREELANCE: (30, 180)}
SEATS = {
    T.GIG: ((1, 60), (2, 25), (3, 15)), T.PROJECT: ((1, 55), (2, 30), (3, 15)), T.FREELANCE: ((1, 60), (2, 25), (3, 15)),
    T.MENTORSHIP: ((1, 30), (2, 30), (3, 20), (4, 20)), T.JOB_SHADOWING: ((1, 70), (2, 30)), T.PERMANENT_ROLE: ((1, 85), (2, 15)),
}
WORK_MODES = {
    T.GIG: ((WorkMode.REMOTE, 50), (WorkMode.HYBRID, 35), (WorkMode.ONSITE, 15)),
    T.PROJECT: ((WorkMode.HYBRID, 50), (WorkMode.REMOTE, 30), (WorkMode.ONSITE, 20)),
    T.MENTORSHIP: ((WorkMode.REMOTE, 50), (WorkMode.HYBRID, 40), (WorkMode.ONSITE, 10)),
    T.JOB_SHADOWING: ((WorkMode.ONSITE, 60), (WorkMode.HYBRID, 40)),
    T.FREELANCE: ((WorkMode.REMOTE, 60), (WorkMode.HYBRID, 30), (WorkMode.ONSITE, 10)),
    T.PERMANENT_ROLE: ((WorkMode.HYBRID, 60), (WorkMode.ONSITE, 25), (WorkMode.REMOTE, 15)),
}
# Two years of history: most opportunities have run their course (closed); the open ones were posted in the last
# four months (mentors' offers stay open up to eight): about as many posted a month as before, a little more.
OPPORTUNITY_STATUSES = ((OS.OPEN, 20), (OS.DRAFT, 4), (OS.CLOSED, 66), (OS.CANCELLED, 10))
OPEN_FOR_DAYS = (1, 120)
MENTOR_OFFER_OPEN_FOR_DAYS = (1, 240)
CLOSED_PUBLISHED_DAYS_AGO = (60, 730)
# Posting grows by about half over the two years, with the usual dips in summer and over the year-end holidays
# (relative weight of a publication in each month).
GROWTH_OVER_HISTORY = 0.5
SEASON = {1: 1.1, 2: 1.05, 3: 1.1, 4: 1.0, 5: 1.0, 6: 0.9, 7: 0.75, 8: 0.65, 9: 1.15, 10: 1.1, 11: 1.05, 12: 0.7}
# Of the drafts above the publish-approval threshold, how many were submitted and wait for approval (the open share
# stays as drawn: bench_matching asks for opportunities by it).
PENDING_SHARE_OF_DRAFTS = 0.5
# Mentorships: who offers, and the mentee asking a more junior colleague to mentor them (reverse mentoring).
MENTORSHIP_DIRECTIONS = ((D.MENTOR_OFFERS, 75), (D.MENTEE_ASKS, 25))
REVERSE_MENTORING_SHARE = 0.3  # of the mentees asking who are senior (level 4 and up)
MENTORING_TOPICS = (
    "Getting started with {skill}", "From {skill} basics to real work", "Career paths in {family}",
    "Preparing for a {role} role", "Giving and receiving feedback", "Working across teams", "Leading without authority",
    "Reviewing real work together", "Planning your next step", "Building a portfolio in {family}",
)
SEND_BACK_REASONS = (
    "Please bring it to 10 hours a week or fewer, or split it into two.", "Let's talk about the hours first; my team is at capacity.",
)
ENDORSEMENTS = (
    "Reliable and thorough; would gladly work together again.", "Picked things up quickly and shared what they learned.",
    "Clear communication throughout and delivered ahead of time.", "Brought fresh ideas and asked the right questions.",
)
SESSION_NOTES = ("", "", "Went through a real example together.", "Agreed next steps.", "Reviewed progress since last time.")
SESSION_MINUTES = ((30, 35), (45, 25), (60, 30), (90, 10))
APPLICATIONS_PER_OPPORTUNITY = {
    OpportunityStatus.OPEN: ((0, 15), (1, 20), (2, 22), (3, 18), (4, 12), (5, 8), (6, 5)),  # still coming in
    OpportunityStatus.CLOSED: ((1, 20), (2, 25), (3, 25), (4, 18), (5, 12)),
    OpportunityStatus.CANCELLED: ((0, 40), (1, 30), (2, 20), (3, 10)),
}
FINAL_STATUSES = {
    # Open opportunities start after AS_OF, so nobody is active on them yet; closed ones are under way or done.
    OpportunityStatus.OPEN: (
        (S.INVITED, 10), (S.APPLIED, 30), (S.SHORTLISTED, 17), (S.OFFERED, 9), (S.RELEASED, 6), (S.ACCEPTED, 8),
        (S.WITHDRAWN, 8), (S.DECLINED, 9), (S.EXPIRED, 4),
    ),
    OpportunityStatus.CLOSED: ((S.COMPLETED, 35), (S.ACTIVE, 10), (S.ACCEPTED, 3), (S.DECLINED, 22), (S.WITHDRAWN, 12), (S.EXPIRED, 18)),
    OpportunityStatus.CANCELLED: ((S.WITHDRAWN, 40), (S.DECLINED, 35), (S.EXPIRED, 25)),
}
# Days between one status and the next, by the status reached.
STEP_DAYS = {S.ACTIVE: (3, 20), S.COMPLETED: (14, 120), S.EXPIRED: (14, 30)}
DEFAULT_STEP_DAYS = (0.2, 10)
REASONS = {
    (S.DECLINED, Actor.OWNER): ("Another candidate was a closer fit.", "The skills asked are further along than yours for now."),
    (S.DECLINED, Actor.LINE_MANAGER): ("The team cannot spare the time this quarter.",),
    (S.WITHDRAWN, Actor.APPLICANT): ("My plans changed.", "I no longer have the time."),
    (S.WITHDRAWN, Actor.OWNER): ("The invitation is no longer needed.",),
    (S.EXPIRED, Actor.SYSTEM): ("No answer before the deadline.",),
    (S.COMPLETED, Actor.OWNER): ("both sides confirmed",),  # the service's reason for the completing move
    (S.COMPLETED, Actor.APPLICANT): ("both sides confirmed",),
    (S.RELEASED, Actor.LINE_MANAGER): ("Time released.",),
}
# Gig feedback is not drawn here: it comes only from the completions planned in the marketplace, as in real use.
EVIDENCE_SOURCES = (
    (E.SELF_DECLARED, 40), (E.MANAGER_ASSESSED, 19), (E.PEER_ENDORSEMENT, 12), (E.LEARNING_COMPLETION, 12),
    (E.ASSESSMENT, 10), (E.CREDENTIAL, 7),
)
EVIDENCE_NOTES = {
    E.MANAGER_ASSESSED: "Annual review", E.PEER_ENDORSEMENT: "Endorsed by a colleague",
    E.LEARNING_COMPLETION: "Course completed", E.ASSESSMENT: "Skills assessment",
}
# Synthetic demographics (bias audit only): about 8% of sex and 12% of race/ethnicity unknown in all.
DEMOGRAPHIC_NO_ANSWER = 0.05
DEMOGRAPHIC_SKIPPED_SEX = 0.03 / 0.95
DEMOGRAPHIC_SKIPPED_RACE_ETHNICITY = 0.07 / 0.95
DEMOGRAPHIC_SEX = ((Sex.FEMALE, 47), (Sex.MALE, 52), (Sex.NOT_LISTED, 1))
DEMOGRAPHIC_RACE_ETHNICITY = (
    (RaceEthnicity.WHITE, 52), (RaceEthnicity.HISPANIC_LATINO, 14), (RaceEthnicity.ASIAN, 14), (RaceEthnicity.BLACK, 12),
    (RaceEthnicity.TWO_OR_MORE, 5), (RaceEthnicity.NATIVE_AMERICAN_ALASKA_NATIVE, 2),
    (RaceEthnicity.NATIVE_HAWAIIAN_PACIFIC_ISLANDER, 1),
)
# The catalog and learning histories. Items live at the organisation's learning platform; the activity ids are what
# its learning systems send in xAPI statements.
LEARNING_HOST = f"learn.{EMAIL_DOMAIN}"
ACADEMY = "Talentloop Academy"  # the organisation's own L&OD team
PROVIDERS = {
    ItemFormat.ONLINE: ("Coursera", "LinkedIn Learning", "Pluralsight", "edX", ACADEMY),
    ItemFormat.SELF_PACED: ("Udemy Business", "LinkedIn Learning", "O'Reilly", ACADEMY),
    ItemFormat.BLENDED: (ACADEMY, "FutureLearn", "General Assembly"),
    ItemFormat.CLASSROOM: (ACADEMY, "QA Ltd", "General Assembly"),
}
FIRST_COURSES = ("Introduction to {s}", "{s} fundamentals", "Getting started with {s}", "{s} essentials")
PRACTICE_COURSES = ("{s} in practice", "Applied {s}", "Intermediate {s}", "Hands-on {s}")
ADVANCED_COURSES = ("Advanced {s}", "Mastering {s}", "{s} deep dive")
# Compliance training: required of everyone, with no skill or a soft one (the slugs are used when the taxonomy has them).
COMPLIANCE_TOPICS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Data protection and GDPR essentials", ("gdpr", "data-privacy")),
    ("Anti-bribery and corruption", ("anti-bribery",)),
    ("Health and safety at work", ("health-safety",)),
    ("Information security awareness", ("security-awareness",)),
    ("Code of conduct", ()),
    ("Respect at work: preventing harassment", ()),
    ("Sanctions and export controls", ("sanctions-compliance",)),
    ("Anti-money laundering", ("regulatory-compliance",)),
    ("Phishing and social engineering", ("security-awareness",)),
    ("Speaking up: whistleblowing", ("ethics-investigations",)),
    ("Conflicts of interest", ()),
    ("Competition law basics", ("regulatory-compliance",)),
    ("Equality, diversity and inclusion", ()),
    ("Fire safety", ("health-safety",)),
    ("Display screen equipment", ()),
    ("Records retention", ("data-privacy",)),
    ("Modern slavery awareness", ()),
    ("Insider information and market abuse", ()),
)
COMPLIANCE_VARIANTS = ("{t}", "{t} for people managers", "{t}: annual refresher", "{t} for new joiners", "{t}: scenarios")
COMPLIANCE_SHARE = 0.1  # of the catalog
LEARNERS_SHARE = 0.55  # of current employees, with one to five records each
LMS_SOURCES = ("xapi:Moodle", "xapi:Cornerstone", "xapi:Docebo")
XAPI_SHARE = 0.4
LEARNING_YEARS = 2
# Of the seats taken on gigs, projects, freelancing and permanent roles, those the person prepared for with a course
# on one of the skills asked, completed 5-85 days before; of the internal moves, those prepared for with a course on
# one of the new role's skills in the year before.
LEARNED_BEFORE_SEAT = 0.4
LEARNED_BEFORE_MOVE = 0.35
UNTAUGHT_SHARE = 0.06  # of the skills: the catalog has nothing on them (a gap for L&OD to close)
PATHWAY_SHARE = 0.35  # of the learners with target roles (some start too late to measure a gap)
TEACHING_STATUSES = (("completed", 60), ("in_progress", 18), ("enrolled", 15), ("failed", 7))
ASSESSING_STATUSES = (("passed", 55), ("failed", 18), ("completed", 7), ("in_progress", 10), ("enrolled", 10))
# Achievements: (skill slug, level) when the taxonomy has the skill; a few of the most held skills join them.
ACHIEVEMENTS = (("python", 3), ("sql", 4))
ACHIEVEMENT_NAMES = {3: "{s} practitioner", 4: "{s} expert", 5: "{s} master"}
MOST_HELD_ACHIEVEMENTS = 4
# Signing is per credential (and the issuing service checks each person's evidence): the demo issues through the real
# credentials service for a bounded number of people; `talentloop issue-credentials` issues the rest when run.
CREDENTIALS_AT_MOST = 200
# The candidate lists owners were shown, for the bias audit's recommendations stage.
RECORD_CANDIDATE_LISTS = True
EXPOSURE_K = 10  # as fairness.services.record_exposure keeps them
EXPOSURE_SAMPLE = 6  # holders of each of (up to) three skills asked drawn as candidates (besides the people invited)

OPPORTUNITY_TYPE_CHOICES = [str(t) for t in T]
WORK_MODE_CHOICES = [str(m) for m in WorkMode]


# ---------------------------------------------------------------------------------------------------------------
# Plain data, before any row is written
# ---------------------------------------------------------------------------------------------------------------


@dataclass(eq=False, slots=True)
class _Person:
    index: int
    dept: int
    manager: _Person | None
    depth: int
    span: int
    is_head: bool = False
    reports: list[_Person] = field(default_factory=list)
    family: str | None = None
    level: int = 1
    first: str = ""
    last: str = ""
    username: str = ""
    persona: str = ""
    hire: date = AS_OF
    leave: date | None = None
    hours: int = 0
    work_mode: str = WorkMode.HYBRID
    location: int = 0
    open: bool = False
    visibility: str = ProfileVisibility.PRIVATE
    can_post: bool = True
    share_aspirations_owners: bool = False
    share_aspirations_manager: bool = False
    skills: dict[int, int] = field(default_factory=dict)
    targets: list[int] = field(default_factory=list)  # role ids
    grow: list[int] = field(default_factory=list)  # skill ids
    wants_types: list[str] = field(default_factory=list)
    wants_modes: list[str] = field(default_factory=list)
    relocate: bool = False
    has_aspiration: bool = False
    move: _Move | None = None  # an internal permanent role taken
    id: int = 0  # primary keys, assigned just before writing
    user_id: int = 0

    @property
    def eligible(self) -> bool:
        """May apply to opportunities: a current employee with a line manager."""
        return self.leave is None and self.manager is not None

    def manager_at(self, at: datetime) -> _Person | None:
        """The line manager at a time: after taking an internal role, the role's owner."""
        return self.move.manager if self.move is not None and at >= self.move.at else self.manager

    def dept_at(self, at: datetime) -> int:
        return self.move.dept if self.move is not None and at >= self.move.at else self.dept


@dataclass(eq=False, slots=True)
class _Move:
    """The person took an internal permanent role: what record_internal_move writes."""

    at: datetime
    title: str
    role: _Role | None
    dept: int
    manager: _Person
    from_title: str
    from_role: _Role | None
    from_dept: int
    reason: str


@dataclass(slots=True)
class _Role:
    id: int
    family: str
    level: int
    title: str
    skills: list[tuple[int, int, bool]]  # skill id, proficiency, essential


@dataclass(eq=False, slots=True)
class _Opportunity:
    index: int
    type: T
    status: OpportunityStatus
    owner: _Person
    title: str = ""
    description: str = ""
    role: int | None = None
    hours: int = 1
    seats: int = 1
    start: date | None = None
    end: date | None = None
    work_mode: str = WorkMode.REMOTE
    location: int | None = None
    published_at: datetime | None = None
    closed_at: datetime | None = None
    created_at: datetime = AS_OF_AT
    needs: list[tuple[int, str, int]] = field(default_factory=list)  # skill id, need, level
    total_hours: int | None = None  # job shadowing
    direction: str = ""  # mentorship
    topics: list[str] = field(default_factory=list)
    reverse: bool = False
    approved_hours: int | None = None
    release: bool = False  # whether an offer needs the line manager's release (the rule, decided at each offer)
    # (from, to, actor role, who acted or None for the talent admins, reason, at), as the services record them.
    history: list[tuple[str, str, OpportunityActor, _Person | None, str, datetime]] = field(default_factory=list)
    applicants: set[int] = field(default_factory=set)
    seats_taken: int = 0
    persona: bool = False
    id: int = 0
    public_id: uuid.UUID | None = None


@dataclass(slots=True)
class _Completion:
    ratings: list[tuple[int, int]]  # skill id, observed level
    owner_at: datetime | None = None
    participant_at: datetime | None = None
    completed_at: datetime | None = None
    hours: int | None = None
    endorsement: str = ""


@dataclass(slots=True)
class _Application:
    opportunity: _Opportunity
    applicant: _Person
    path: list[S]
    actors: list[Actor]
    times: list[datetime]
    message: str = ""
    share_with_manager: bool = False
    release_required: bool = False  # decided at the offer
    escalated_at: datetime | None = None
    escalated_to: _Person | None = None  # after an escalation, the line manager's manager (None: the talent admins)
    # Steps that leave the status as it is: (at, status, event, actor, reason).
    events: list[tuple[datetime, S, str, Actor, str]] = field(default_factory=list)
    completion: _Completion | None = None
    sessions: list[tuple[date, int, str, _Person, datetime]] = field(default_factory=list)  # held on, minutes, notes, by, at
    id: int = 0

    def at(self, status: S) -> datetime:
        return self.times[self.path.index(status)]


@dataclass(eq=False, slots=True)
class _Item:
    index: int
    slug: str
    title: str
    kind: str
    provider: str
    format: str
    minutes: int
    compliance: bool
    skills: list[tuple[int, int]]  # skill id, target level
    description: str = ""
    id: int = 0

    @property
    def assessing(self) -> bool:
        return self.kind in ASSESSING_KINDS

    @property
    def url(self) -> str:
        return f"https://{LEARNING_HOST}/catalog/{self.slug}"

    @property
    def activity_id(self) -> str:
        return f"https://{LEARNING_HOST}/activities/{self.slug}"


@dataclass(eq=False, slots=True)
class _Record:
    person: _Person
    item: _Item
    status: str
    progress: int
    score: float | None
    enrolled_at: datetime
    completed_at: datetime | None
    source: str
    # (outcome, status after, progress, score, at), in time order, as the learning services write them.
    events: list[tuple[str, str, int, float | None, datetime]] = field(default_factory=list)
    levels: dict[str, int] = field(default_factory=dict)  # skill slug -> held level after the evidence (filled when written)
    id: int = 0


@dataclass(slots=True)
class _Pathway:
    person: _Person
    role: _Role
    started_at: datetime
    initial_steps: int


class _Weighted:
    """A fixed weighted choice, with the cumulative weights computed once."""

    def __init__(self, pairs: Sequence[tuple[Any, int]]):
        self.values = [v for v, _ in pairs]
        self.cum = list(itertools.accumulate(w for _, w in pairs))
        self.total = self.cum[-1]

    def pick(self, rng: Random) -> Any:
        return self.values[bisect.bisect_right(self.cum, rng.random() * self.total)]


@functools.cache
def _moves(current: S, kind: T, needs_release: bool) -> dict[S, frozenset[Actor]]:
    """The lifecycle's allowed moves, computed once per status, type and release (read-only)."""
    return allowed_moves(current, type=kind, needs_release=needs_release)


def _clamp(value: int, low: int = 1, high: int = 5) -> int:
    return low if value < low else high if value > high else value


def _at(day: date, rng: Random) -> datetime:
    """A time during the working day."""
    return datetime(day.year, day.month, day.day, 8, 0, tzinfo=UTC) + timedelta(minutes=rng.randrange(0, 600))


def _second_up(moment: datetime) -> datetime:
    """The first whole second at or after `moment`."""
    return moment if not moment.microsecond else moment.replace(microsecond=0) + timedelta(seconds=1)


def _history_day(rng: Random, newest: int, oldest: int) -> date:
    """A day from `oldest` to `newest` days before AS_OF, more likely recently (growth) and outside the summer and
    year-end dips (seasonality): rejection sampling against the largest weight."""
    top = (1 + GROWTH_OVER_HISTORY) * max(SEASON.values())
    while True:
        day = AS_OF - timedelta(days=rng.randint(newest, oldest))
        growth = 1 + GROWTH_OVER_HISTORY * (1 - (AS_OF - day).days / 730)
        if rng.random() * top < growth * SEASON[day.month]:
            return day


def _apportion(total: int, weights: Sequence[int]) -> list[int]:
    """Split `total` in proportion to `weights` (largest remainder), deterministically."""
    wsum = sum(weights)
    exact = [total * w / wsum for w in weights]
    sizes = [int(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - sizes[i]), i))
    for i in order[: total - sum(sizes)]:
        sizes[i] += 1
    return sizes


class _Taxonomy:
    """The skills in the database, grouped by family, read once."""

    def __init__(self) -> None:
        categories = {cid: (slug, name, parent) for cid, slug, name, parent in SkillCategory.objects.values_list("id", "slug", "name", "parent_id")}

        def family_of(cid: int) -> int:
            while categories[cid][2] is not None:
                cid = categories[cid][2]
            return cid

        rows = sorted(Skill.objects.filter(is_active=True).values_list("slug", "id", "label", "category_id"))
        self.ids: list[int] = [r[1] for r in rows]
        self.slug = {r[1]: r[0] for r in rows}
        self.label = {r[1]: r[2] for r in rows}
        self.family_name: dict[str, str] = {}
        self.by_family: dict[str, list[int]] = {}
        self.family: dict[int, str] = {}
        for _, sid, _, cid in rows:
            fam = categories[family_of(cid)]
            self.family_name[fam[0]] = fam[1]
            self.by_family.setdefault(fam[0], []).append(sid)
            self.family[sid] = fam[0]
        self.related: dict[int, list[int]] = {}
        for a, b in sorted(RelatedSkill.objects.values_list("from_skill_id", "to_skill_id")):
            if a in self.slug and b in self.slug:
                self.related.setdefault(a, []).append(b)

    def neighbours(self, families: Iterable[str]) -> dict[str, list[str]]:
        """For each family, the other families most linked to it by related skills."""
        wanted = set(families)
        links: dict[str, dict[str, int]] = {f: {} for f in wanted}
        for a, bs in self.related.items():
            fa = self.family[a]
            for b in bs:
                fb = self.family[b]
                if fa != fb and fa in wanted and fb in wanted:
                    links[fa][fb] = links[fa].get(fb, 0) + 1
        result = {}
        for fam in sorted(wanted):
            ranked = sorted(links[fam], key=lambda f: (-links[fam][f], f))[:3]
            result[fam] = ranked or sorted(wanted - {fam})[:3]
        return result


# ---------------------------------------------------------------------------------------------------------------
# Public entry points
# ---------------------------------------------------------------------------------------------------------------


def organisation_exists() -> bool:
    """True when the database already holds employees or the structure a demo would create."""
    return any(m.objects.exists() for m in (Employee, Department, Location, Role, RoleFamily, Opportunity, LearningItem, Achievement))


def wipe_demo() -> None:
    """Delete the organisation (learning catalog and records, pathways, achievements and credentials, marketplace,
    people, roles, departments, locations, non-superuser users).

    The skills taxonomy stays. Leaves go first, so most tables go with one DELETE each.
    """
    with transaction.atomic():
        # The organisation's signing key stays: it is its identity, not demo data (credentials it signed go).
        for model in (Credential, Achievement, Pathway, LearningRecordEvent, LearningRecord, LearningItemSkill, LearningItem):
            delete_rows(model.objects.all())
        for model in (Notification, NotificationPreference, RecommendationExposure, Demographic, MentorshipSession, SkillRating, Completion, ApplicationStatusChange,
                      Application, OpportunityStatusChange, OpportunitySkill, Opportunity,
                      Aspiration.target_roles.through, Aspiration.skills_to_grow.through, Aspiration,
                      RoleChange, SkillEvidence, EmployeeSkill):
            delete_rows(model.objects.all())
        Employee.objects.update(manager=None)
        for model in (Employee, RoleSkill, Role, RoleFamily):
            delete_rows(model.objects.all())
        while Department.objects.exists():  # the tree protects parents: delete from the leaves up
            delete_rows(Department.objects.filter(children__isnull=True))
        delete_rows(Location.objects.all())
        users = User.objects.filter(is_superuser=False)
        delete_rows(User.groups.through.objects.filter(user__in=users))
        delete_rows(User.user_permissions.through.objects.filter(user__in=users))
        delete_rows(users)


def build_demo(
    employees: int = 500,
    seed: int = 1,
    *,
    opportunities: int | None = None,
    replace: bool = False,
    stdout: TextIO | None = None,
) -> DemoSummary:
    """Build the demo organisation; `replace` wipes an existing one first, in the same transaction."""
    if employees < MIN_EMPLOYEES:
        raise DemoError(f"employees must be at least {MIN_EMPLOYEES} (a manager with a team, an owner and two admins)")
    if opportunities is None:
        opportunities = max(MIN_OPPORTUNITIES, employees // 5)
    if opportunities < MIN_OPPORTUNITIES:
        raise DemoError(f"opportunities must be at least {MIN_OPPORTUNITIES}")
    started = time.perf_counter()
    with transaction.atomic():
        if replace:
            wipe_demo()
        elif organisation_exists():
            raise DemoError("the database already holds an organisation; replace it explicitly")
        taken = set(User.objects.filter(username__in=[p.username for p in DEMO_PERSONAS]).values_list("username", flat=True))
        if taken:
            raise DemoError(f"demo usernames already taken: {', '.join(sorted(taken))}")
        load_starter_taxonomy()
        builder = _Builder(employees, opportunities, seed, stdout, started)
        builder.plan()
        builder.write()
        stamps.everything_changed()  # running processes rebuild their matching index on their next request
        analytics_snapshots.take()  # the analytics pages read them at once, before the worker's first hourly run
    return builder.summary(time.perf_counter() - started)


# ---------------------------------------------------------------------------------------------------------------
# Bulk writing: one prepared statement per table, values converted the way the model fields convert them
# ---------------------------------------------------------------------------------------------------------------

# Fields whose Python values the database driver cannot take as they are.
_CONVERTED_FIELDS = frozenset({"DateTimeField", "DateField", "TimeField", "UUIDField", "JSONField", "DecimalField"})


def insert_rows(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Write rows of `fields` (names or attnames), BATCH_SIZE rows at a time: executemany of one INSERT, or COPY on
    PostgreSQL (where psycopg would otherwise parse a statement per row).

    Much faster than bulk_create for millions of rows because no model instance is built and the SQL is compiled
    once; values go through the fields' own conversions, and the database still checks every constraint. Fields left out take their constant default, auto_now/auto_now_add fields the current time; a left-out
    field with a per-row default (a callable) is an error, so that no two rows silently share one UUID.
    """
    conn = connections[DEFAULT_DB_ALIAS]  # the connection itself, not the per-call proxy
    opts = model._meta
    given = [opts.get_field(name) for name in fields]
    given_names = {f.name for f in given}
    now = datetime.now(UTC)
    extra_fields, extra_values = [], []
    for f in opts.concrete_fields:
        if f.name in given_names:
            continue
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            value = now
        elif f.has_default() and not callable(f.default):
            value = f.default
        elif f.null:
            value = None
        else:
            raise ValueError(f"{opts.label}.{f.name} needs a value")
        extra_fields.append(f)
        extra_values.append(f.get_db_prep_save(value, conn))
    extra = tuple(extra_values)
    converters = [(i, _converter(f, conn)) for i, f in enumerate(given) if f.get_internal_type() in _CONVERTED_FIELDS]
    quote = conn.ops.quote_name
    columns = ", ".join(quote(f.column) for f in (*given, *extra_fields))
    placeholders = ", ".join(["%s"] * (len(given) + len(extra_fields)))
    sql = f"INSERT INTO {quote(opts.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608 (names from the model)
    copy_sql = f"COPY {quote(opts.db_table)} ({columns}) FROM STDIN"

    def write(cursor: Any, batch: list[tuple]) -> None:
        if conn.vendor == "postgresql":  # COPY: no statement to parse per row or per batch
            with cursor.cursor.copy(copy_sql) as copy:
                for row in batch:
                    copy.write_row(row)
        else:
            cursor.executemany(sql, batch)

    count = 0
    batch: list[tuple] = []
    with conn.cursor() as cursor:
        for row in rows:
            if converters:
                values = list(row)
                for i, convert in converters:
                    values[i] = convert(values[i])
                row = values
            batch.append((*row, *extra))
            if len(batch) >= BATCH_SIZE:
                write(cursor, batch)
                count += len(batch)
                batch = []
        if batch:
            write(cursor, batch)
            count += len(batch)
    return count


def _converter(f: models.Field, conn: Any) -> Callable[[Any], Any]:
    """The field's own conversion to a database value; for dates and aware datetimes straight to the backend's."""
    kind = f.get_internal_type()
    if kind == "DateField":
        return conn.ops.adapt_datefield_value
    if kind == "DateTimeField":
        return conn.ops.adapt_datetimefield_value
    return functools.partial(_prep_save, f, conn)


def _prep_save(f: models.Field, conn: Any, value: Any) -> Any:
    return f.get_db_prep_save(value, conn)


def reset_sequences(tables: Sequence[type[models.Model]]) -> None:
    """Ids were assigned by the caller: move the database sequences past them (nothing to do on SQLite)."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(tables))
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def delete_rows(queryset: models.QuerySet) -> None:
    """Delete with one statement when no other row refers to these and no delete signal listens;
    otherwise through the ORM, which follows cascades (slower, loads the rows)."""
    model = queryset.model
    relations = [
        rel for rel in model._meta.get_fields(include_hidden=True)
        if rel.auto_created and not rel.concrete and (rel.one_to_many or rel.one_to_one)
    ]
    referenced = any(
        rel.related_model._base_manager.filter(**{f"{rel.field.name}__in": queryset.values("pk")}).exists()
        for rel in relations
    )
    if referenced or pre_delete.has_listeners(model) or post_delete.has_listeners(model):
        queryset.delete()
        return
    select, params = queryset.values("pk").query.sql_with_params()
    quote = connection.ops.quote_name
    sql = f"DELETE FROM {quote(model._meta.db_table)} WHERE {quote(model._meta.pk.column)} IN ({select})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


# ---------------------------------------------------------------------------------------------------------------
# The builder
# ---------------------------------------------------------------------------------------------------------------


class _Builder:
    def __init__(self, employees: int, opportunities: int, seed: int, stdout: TextIO | None, started: float):
        self.n = employees
        self.n_opportunities = opportunities
        self.seed = seed
        self.rng = Random(seed)
        self.stdout = stdout
        self.started = started
        self.tax = _Taxonomy()
        self.people: list[_Person] = []
        self.roles: dict[tuple[str, int], _Role] = {}
        self.role_by_id: dict[int, _Role] = {}
        self.opportunities: list[_Opportunity] = []
        self.applications: list[_Application] = []
        self.counts: dict[str, int] = {}
        # The organisation's own rules (hours thresholds, release wait) decide what the marketplace would have done.
        self.settings = organisation_settings()
        # Observed skills from completions, by person index: (at, skill id, level, source, verified, opportunity).
        self.observations: dict[int, list[tuple[datetime, int, int, str, bool, _Opportunity]]] = {}
        self.escalated_offer = False  # at least one offer still waits on the manager's manager after an escalation
        self.consented = False  # at least one applicant to a role consented after applying to tell their line manager
        self.maya_assessment: _Item | None = None
        self.lrng = Random(f"learning-{seed}")

    def say(self, message: str) -> None:
        if self.stdout is not None:
            self.stdout.write(f"  {time.perf_counter() - self.started:6.1f} s  {message}\n")

    # -- planning (pure Python) ---------------------------------------------------------------------------------

    def plan(self) -> None:
        self._plan_departments()
        self._plan_roles()
        self._plan_people()
        self._plan_personas()
        self._plan_attributes()
        self._plan_skills()
        self._plan_aspirations()
        self.say(f"planned {self.n:,} people")
        self._plan_opportunities()
        self._plan_applications()
        self._plan_hr_moves()
        self._plan_leavers()
        self.say(f"planned {len(self.opportunities):,} opportunities and {len(self.applications):,} applications")
        self._plan_catalog()
        self._plan_learning()
        self.say(f"planned {len(self.items):,} learning items, {len(self.records):,} learning records and {len(self.pathways):,} pathways")

    def _plan_departments(self) -> None:
        role_families = sorted(f for f in self.tax.by_family if f not in TRANSVERSAL_FAMILIES and len(self.tax.by_family[f]) >= 6)
        if not role_families:
            raise DemoError("the skills taxonomy has no family with six or more skills to build roles from")
        self.role_families = role_families
        wanted = min(len(DEPARTMENTS), max(2, (self.n - 1) // 8))
        self.departments = []
        for slug, name, parent, size, families in DEPARTMENTS[:wanted]:
            weights = [(f, w) for f, w in families.items() if f in role_families] or [(f, 1) for f in role_families]
            parent_index = next((i for i, d in enumerate(self.departments) if d["slug"] == parent), None)
            self.departments.append({
                "slug": slug, "name": name, "parent": parent_index, "size": size,
                "families": _Weighted(weights), "primary": max(weights, key=lambda fw: fw[1])[0],
                "family_set": {f for f, _ in weights},
            })
        self.locations = _Weighted([(i, loc[3]) for i, loc in enumerate(LOCATIONS)])

    def _plan_roles(self) -> None:
        rng, tax = self.rng, self.tax
        leadership = list(tax.by_family.get(LEADERSHIP_FAMILY, []))
        interpersonal = list(tax.by_family.get(INTERPERSONAL_FAMILY, []))
        role_id = 0
        self.family_pool: dict[str, list[int]] = {}
        self.neighbours = tax.neighbours(self.role_families)
        for fam in self.role_families:
            core = list(tax.by_family[fam])
            rng.shuffle(core)
            self.family_pool[fam] = core
            lead = rng.sample(leadership, min(3, len(leadership)))
            inter = rng.sample(interpersonal, min(2, len(interpersonal)))
            track = ROLE_TRACKS.get(fam, f"{tax.family_name[fam]} Specialist")
            for level in range(1, 7):
                i = level - 1
                domain = core[: min(DOMAIN_SKILLS[i], len(core))]
                essential_count = max(1, round(len(domain) * 0.7))
                skills = [
                    (sid, DOMAIN_PROFICIENCY[i] if k < essential_count else max(1, DOMAIN_PROFICIENCY[i] - 1), k < essential_count)
                    for k, sid in enumerate(domain)
                ]
                skills += [(sid, INTERPERSONAL_PROFICIENCY[i], level >= 3 and k == 0) for k, sid in enumerate(inter[: INTERPERSONAL_SKILLS[i]])]
                skills += [(sid, LEADERSHIP_PROFICIENCY[i], True) for sid in lead[: LEADERSHIP_SKILLS[i]]]
                role_id += 1
                title = LEVEL_TITLES[level].format(t=track, f=tax.family_name[fam])
                role = _Role(role_id, fam, level, title, skills)
                self.roles[(fam, level)] = role
                self.role_by_id[role_id] = role
        self.ceo_skills = [(sid, 5 - k % 2, True) for k, sid in enumerate(leadership[:6])] + [(sid, 4, True) for sid in interpersonal[:2]]

    def _new_person(self, dept: int, manager: _Person | None, *, is_head: bool = False) -> _Person:
        person = _Person(
            index=len(self.people), dept=dept, manager=manager, depth=0 if manager is None else manager.depth + 1,
            span=self.spans.pick(self.rng), is_head=is_head,
        )
        if manager is not None:
            manager.reports.append(person)
        self.people.append(person)
        return person

    def _plan_people(self) -> None:
        """CEO → heads of department → managers → staff, each manager with a span of 4-16 (most 8-12)."""
        rng = self.rng
        self.spans = _Weighted(MANAGER_SPANS)
        ceo = self._new_person(0, None, is_head=True)
        heads = {0: ceo}
        for i, dept in enumerate(self.departments[1:], start=1):
            heads[i] = self._new_person(i, heads[dept["parent"]], is_head=True)
        sizes = _apportion(self.n - len(self.people), [d["size"] for d in self.departments])
        for i, size in enumerate(sizes):
            queue = deque([heads[i]])
            for _ in range(size):
                while len(queue) > 1 and len(queue[0].reports) >= queue[0].span:
                    queue.popleft()
                queue.append(self._new_person(i, queue[0]))
        leaf_levels = _Weighted([(1, 15), (2, 35), (3, 35), (4, 15)])
        for p in self.people:  # managers come before their reports
            dept = self.departments[p.dept]
            if p.manager is None:
                p.level = 6
            elif p.is_head:
                p.level = 6 if p.depth == 1 else 5
                p.family = dept["primary"]
            else:
                p.level = max(3, 7 - p.depth) if p.reports else min(leaf_levels.pick(rng), p.manager.level)
                if p.manager.family in dept["family_set"] and rng.random() < 0.6:
                    p.family = p.manager.family
                else:
                    p.family = dept["families"].pick(rng)

    def _plan_personas(self) -> None:
        rng, people = self.rng, self.people

        def leaf_reports(p: _Person) -> list[_Person]:
            return [r for r in p.reports if not r.reports]

        managers = [p for p in people if p.manager is not None and not p.is_head and len(p.reports) >= 5 and leaf_reports(p)]
        managers = managers or [p for p in people if p.manager is not None and len(p.reports) >= 5 and leaf_reports(p)]
        manager = rng.choice(managers)
        employee = rng.choice(leaf_reports(manager))
        employee.level = min(2, manager.level - 1)
        chosen = {manager.index, employee.index, 0}
        owners = [p for p in people if p.index not in chosen and p.level >= 3 and p.manager is not None and p.dept != manager.dept]
        owner = rng.choice(owners or [p for p in people if p.index not in chosen and p.manager is not None])
        chosen.add(owner.index)
        people_dept = next((i for i, d in enumerate(self.departments) if d["slug"] == "people"), None)
        admins = [p for p in people if p.index not in chosen and p.dept == people_dept and not p.is_head]
        rest = [p for p in people if p.index not in chosen and p.manager is not None and not p.is_head]
        pool = admins if len(admins) >= 2 else rest
        lod, talent = rng.sample(pool, 2)
        for persona, p in (("employee", employee), ("manager", manager), ("owner", owner), ("lod", lod), ("talent", talent)):
            p.persona = persona
            p.username = persona
            p.first, p.last = PERSONA_NAMES[persona]
        self.persona = {"employee": employee, "manager": manager, "owner": owner, "lod": lod, "talent": talent}

    def _plan_attributes(self) -> None:
        rng = self.rng
        modes = _Weighted([(WorkMode.ONSITE, 25), (WorkMode.HYBRID, 55), (WorkMode.REMOTE, 20)])
        # Maya's team stays together and the personas stay where they are (no leavers, no internal moves).
        protected = {p.index for p in self.persona["manager"].reports} | {p.index for p in self.persona.values()}
        self.protected = protected
        for p in self.people:
            if not p.persona:
                p.first = rng.choice(FIRST_NAMES)
                p.last = rng.choice(LAST_NAMES)
                p.username = f"{p.first}.{p.last}.{p.index + 1}".lower().replace(" ", "")
            tenure = int(rng.triangular(20, 15 * 365, 200 + p.level * 450))
            if p.manager is None:
                tenure = 12 * 365 + rng.randrange(200)
            p.hire = AS_OF - timedelta(days=tenure)
            # Leavers before the two years of history (those since are decided by _plan_leavers, after the history).
            if not p.reports and p.index not in protected and tenure > HISTORY_DAYS + 120 and rng.random() < 0.035:
                p.leave = p.hire + timedelta(days=rng.randint(90, tenure - HISTORY_DAYS - 1))
            p.hours = 0 if rng.random() < 0.15 else rng.randint(1, 10)
            p.work_mode = modes.pick(rng)
            p.location = self.locations.pick(rng)
            p.open = p.leave is None and rng.random() < 0.35
            p.visibility = ProfileVisibility.ORGANISATION if rng.random() < 0.3 else ProfileVisibility.PRIVATE
            p.can_post = p.level >= 3 or rng.random() < 0.85
            p.share_aspirations_owners = rng.random() < 0.3
            p.share_aspirations_manager = rng.random() < 0.4
        employee = self.persona["employee"]
        employee.hours, employee.work_mode, employee.location, employee.open = 8, WorkMode.HYBRID, 0, True
        employee.visibility, employee.share_aspirations_manager = ProfileVisibility.ORGANISATION, True
        for p in self.persona.values():
            p.can_post = True
            # Long enough in the company for the history the demo gives them (a mentorship done, a gig run).
            p.hire = min(p.hire, AS_OF - timedelta(days=3 * 365))

    def _plan_skills(self) -> None:
        rng, tax = self.rng, self.tax
        drift = (-1, 0, 0, 0, 1)
        all_skills = tax.ids
        for p in self.people:
            wanted = 10 if p.persona == "employee" else rng.randint(6, 12)
            entries = self.roles[(p.family, p.level)].skills if p.family else self.ceo_skills
            held = p.skills
            for sid, prof, essential in entries:
                if len(held) >= wanted:
                    break
                if rng.random() < (0.92 if essential else 0.65):
                    held[sid] = _clamp(prof + rng.choice(drift))
            pool = self.family_pool.get(p.family or "", all_skills)
            of_role = {sid for sid, _, _ in entries}  # a role skill is held at about the role's level, or not at all
            for _ in range(60):
                if len(held) >= wanted:
                    break
                r = rng.random()
                if r < 0.55:
                    sid, prof = rng.choice(pool), _clamp(p.level - 1 + rng.choice(drift), 1, 4)
                elif r < 0.8 and held:
                    near = tax.related.get(rng.choice(list(held)))
                    if not near:
                        continue
                    sid, prof = rng.choice(near), rng.randint(1, 3)
                else:
                    sid, prof = rng.choice(all_skills), rng.randint(1, 3)
                if sid not in of_role:
                    held.setdefault(sid, prof)

    def _plan_aspirations(self) -> None:
        rng = self.rng
        types = _Weighted([(T.GIG, 30), (T.PROJECT, 25), (T.MENTORSHIP, 20), (T.JOB_SHADOWING, 10), (T.FREELANCE, 8), (T.PERMANENT_ROLE, 12)])
        for p in self.people:
            if p.family is None or p.leave is not None:
                continue
            if p.persona != "employee" and rng.random() >= 0.6:
                continue
            p.has_aspiration = True
            targets = []
            if p.level < 6 and (rng.random() < 0.7 or p.persona == "employee"):
                targets.append(self.roles[(p.family, p.level + 1)])
                if p.level < 5 and rng.random() < 0.2:
                    targets.append(self.roles[(p.family, p.level + 2)])
            if not targets or rng.random() < 0.3 or p.persona == "employee":
                fam = rng.choice(self.neighbours[p.family])
                targets.append(self.roles[(fam, _clamp(p.level + rng.randint(0, 1), 1, 6))])
            p.targets = list(dict.fromkeys(r.id for r in targets))
            gap = [sid for r in targets for sid, prof, _ in r.skills if p.skills.get(sid, 0) < prof]
            gap = list(dict.fromkeys(gap))
            p.grow = rng.sample(gap, min(len(gap), rng.randint(1, 4)))
            if p.persona == "employee":
                p.wants_types = [T.GIG, T.PROJECT, T.MENTORSHIP, T.FREELANCE]
                p.wants_modes = [WorkMode.HYBRID, WorkMode.REMOTE]
                p.grow = gap[:4]
            else:
                p.wants_types = sorted({types.pick(rng) for _ in range(rng.randint(1, 4))}, key=OPPORTUNITY_TYPE_CHOICES.index)
                p.wants_modes = sorted({p.work_mode, *rng.sample(WORK_MODE_CHOICES, rng.randint(0, 2))}, key=WORK_MODE_CHOICES.index)
            p.relocate = rng.random() < 0.15

    # -- opportunities ------------------------------------------------------------------------------------------

    def _plan_opportunities(self) -> None:
        rng = self.rng
        employee, owner = self.persona["employee"], self.persona["owner"]
        posters = [p for p in self.people if p.leave is None and p.can_post and p.persona != "employee"]
        # Managers and senior people post more: listed twice.
        posters += [p for p in posters if p.reports or p.level >= 4]
        others = [p for p in posters if not p.persona and p.dept != employee.dept]
        others = others or [p for p in posters if not p.persona]
        seasoned = [p for p in others if p.hire <= SEASONED] or others
        # Maya's mentor holds what she wants to grow.
        mentors = [p for p in seasoned if any(p.skills.get(s, 0) >= 3 for s in employee.grow)] or seasoned
        # Persona opportunities first: a gig offered to Maya (awaiting release), a project she applied to, a mentorship
        # she completed; three open ones of the owner's that suit her, a project of the owner's waiting for approval
        # and a closed gig of the owner's whose participant has confirmed completion (the owner's rating is awaited).
        self.gig_offered = self._suited(T.GIG, rng.choice(seasoned), employee, hours=4, seats=2)
        self.gig_offered.published_at = _at(AS_OF - timedelta(days=rng.randint(10, 30)), rng)  # room for a recent offer
        self.gig_offered.created_at = self.gig_offered.published_at
        self._plan_history(self.gig_offered)
        self.project_applied = self._suited(T.PROJECT, rng.choice(seasoned), employee, hours=6)
        self.mentorship_done = self._suited(T.MENTORSHIP, rng.choice(mentors), employee, hours=2, status=OS.CLOSED)
        self.owner_open = [
            self._suited(t, owner, employee, hours=h) for t, h in ((T.GIG, 4), (T.MENTORSHIP, 2), (T.FREELANCE, 6))
        ]
        above = min(MAX_WEEKLY_HOURS, self.settings.publish_approval_hours + 2)
        self.owner_pending = self._suited(T.PROJECT, owner, employee, hours=above, status=OS.PENDING_APPROVAL)
        self.owner_to_rate = self._random_opportunity(T.GIG, OS.CLOSED, owner)
        self.owner_to_rate.persona = True
        types = _Weighted(TYPE_WEIGHTS)
        statuses = _Weighted(OPPORTUNITY_STATUSES)
        # Every type and every lifecycle: job shadowing short enough to need no release and long enough to need one,
        # and a senior's ask for reverse mentoring that a junior mentor saw through (its completion gives a peer's
        # endorsement, not verified evidence).
        must: list[tuple[T, dict[str, Any]]] = [
            (t, {}) for t in T if t not in {o.type for o in self.opportunities} and t != T.JOB_SHADOWING
        ]
        must += [(T.MENTORSHIP, {"direction": D.MENTEE_ASKS}), (T.JOB_SHADOWING, {"short": True}), (T.JOB_SHADOWING, {"short": False})]
        # Even a small organisation has open opportunities to apply to and closed ones that people work on.
        must_statuses = [OS.CLOSED, OS.CLOSED, OS.OPEN, OS.OPEN, OS.OPEN, OS.CLOSED]
        while len(self.opportunities) < self.n_opportunities:
            otype, variant = must.pop(0) if must else (types.pick(rng), {})
            status = must_statuses.pop(0) if must_statuses else statuses.pick(rng)
            asks = variant.get("direction") == D.MENTEE_ASKS
            for _ in range(10):  # what closed or was cancelled long ago was posted by someone there at the time
                poster = rng.choice(posters)
                if otype == T.PERMANENT_ROLE and not poster.reports:
                    poster = poster.manager if poster.manager is not None and poster.manager.manager is not None else poster
                if asks and poster.level < 4:
                    continue
                if status not in (OS.CLOSED, OS.CANCELLED) or poster.hire <= SEASONED:
                    break
            if asks:
                variant["reverse"] = poster.level >= 4
            self._random_opportunity(otype, status, poster, **variant)

    def _add_opportunity(self, otype: T, status: OS, owner: _Person, *, hours: int | None = None, seats: int | None = None,
                         direction: str | None = None, reverse: bool | None = None, short: bool | None = None) -> _Opportunity:
        rng, rules = self.rng, self.settings
        opp = _Opportunity(index=len(self.opportunities), type=otype, status=status, owner=owner)
        opp.hours = rng.randint(*HOURS[otype]) if hours is None else hours
        opp.seats = _Weighted(SEATS[otype]).pick(rng) if seats is None else seats
        opp.work_mode = _Weighted(WORK_MODES[otype]).pick(rng)
        opp.location = None if opp.work_mode == WorkMode.REMOTE else owner.location
        if otype == T.JOB_SHADOWING:
            # Short by rule: some below the hours from which the line manager must release the time, most above.
            limit, release_from = rules.shadowing_max_hours, rules.shadowing_release_hours
            if short is None:
                short = release_from > limit or (release_from > 1 and rng.random() < 0.35)
            if release_from > limit or (short and release_from > 1):
                opp.total_hours = rng.randint(min(4, release_from - 1, limit), min(release_from - 1, limit))
            else:
                opp.total_hours = rng.randint(release_from, limit)
            opp.hours = min(opp.hours, opp.total_hours)
        elif otype == T.MENTORSHIP:
            opp.direction = direction or _Weighted(MENTORSHIP_DIRECTIONS).pick(rng)
            if opp.direction == D.MENTEE_ASKS:
                opp.seats = 1  # a mentee asks for one mentor
                opp.reverse = owner.level >= 4 and rng.random() < REVERSE_MENTORING_SHARE
            else:
                opp.reverse = owner.level <= 2 and owner.persona == "" and rng.random() < REVERSE_MENTORING_SHARE
            if reverse is not None:
                opp.reverse = reverse
        needs_approval = publish_needs_approval(otype, opp.hours, threshold=rules.publish_approval_hours)
        if status == OS.PENDING_APPROVAL and not needs_approval:
            status = opp.status = OS.OPEN
        elif status == OS.DRAFT and needs_approval and owner.persona == "" and rng.random() < PENDING_SHARE_OF_DRAFTS:
            status = opp.status = OS.PENDING_APPROVAL
        opp.release = release_required(otype, total_hours=opp.total_hours, shadowing_release_hours=rules.shadowing_release_hours)
        duration = DURATION_DAYS.get(otype)
        if status == OS.OPEN:
            open_for = MENTOR_OFFER_OPEN_FOR_DAYS if opp.direction == D.MENTOR_OFFERS else OPEN_FOR_DAYS
            published = max(AS_OF - timedelta(days=rng.randint(*open_for)), owner.hire + timedelta(days=2))
            opp.start = AS_OF + timedelta(days=rng.randint(7, 60))
        elif status in (OS.DRAFT, OS.PENDING_APPROVAL):
            published = None
            opp.start = AS_OF + timedelta(days=rng.randint(21, 90))
        elif status == OS.CLOSED:
            published = _history_day(rng, *CLOSED_PUBLISHED_DAYS_AGO)
            opp.start = published + timedelta(days=rng.randint(14, 45))
            opp.closed_at = _at(published + timedelta(days=rng.randint(7, 13)), rng)
        else:
            published = _history_day(rng, 10, 500) if rng.random() < 0.7 else None
            opp.start = (published or AS_OF) + timedelta(days=rng.randint(20, 60))
            opp.closed_at = _at((published or AS_OF - timedelta(days=30)) + timedelta(days=rng.randint(2, 9)), rng)
        opp.published_at = _at(published, rng) if published else None
        if duration is not None:
            opp.end = opp.start + timedelta(days=rng.randint(*duration))
        self._plan_history(opp)
        self.opportunities.append(opp)
        return opp

    def _plan_history(self, opp: _Opportunity) -> None:
        """The opportunity's status changes as the services record them: created as a draft, published (through
        approval above the hours threshold, approved by the owner's line manager), closed or cancelled."""
        rng, rules = self.rng, self.settings
        owner = opp.owner
        threshold = rules.publish_approval_hours
        needs_approval = publish_needs_approval(opp.type, opp.hours, threshold=threshold)
        asking = f"{opp.hours} hours a week is above the {threshold} that can be published without approval"
        # After the owner was hired (or, for the few posted earlier by the fallback, before the first date planned).
        earliest = min(_at(owner.hire + timedelta(days=1), rng), opp.published_at or opp.closed_at or AS_OF_AT - timedelta(days=20))
        history = opp.history
        history.clear()
        opp.approved_hours = None

        def move(frm: str, to: OS, actor: OpportunityActor, at: datetime, reason: str = "") -> None:
            who = owner if actor == OpportunityActor.OWNER else owner.manager_at(at)  # no manager: a talent admin
            history.append((frm, str(to), actor, who, reason, at))

        def before(at: datetime, days: tuple[float, float]) -> datetime:
            return max(earliest, at - timedelta(days=rng.uniform(*days)))

        if opp.published_at is not None:
            published = opp.published_at
            if needs_approval:
                asked = before(published, (0.1, 3))
                created = asked if rng.random() < 0.6 else before(asked, (0.5, 10))
                move("", OS.DRAFT, OpportunityActor.OWNER, created)
                move(OS.DRAFT, OS.PENDING_APPROVAL, OpportunityActor.OWNER, asked, asking)
                move(OS.PENDING_APPROVAL, OS.OPEN, OpportunityActor.APPROVER, published)
                opp.approved_hours = opp.hours
            else:
                created = published if rng.random() < 0.5 else before(published, (0.5, 10))
                move("", OS.DRAFT, OpportunityActor.OWNER, created)
                move(OS.DRAFT, OS.OPEN, OpportunityActor.OWNER, published)
            if opp.status in (OS.CLOSED, OS.CANCELLED):
                move(OS.OPEN, opp.status, OpportunityActor.OWNER, opp.closed_at)  # type: ignore[arg-type]
        elif opp.status == OS.CANCELLED:
            cancelled = opp.closed_at
            assert cancelled is not None
            created = before(cancelled, (1, 20))
            move("", OS.DRAFT, OpportunityActor.OWNER, created)
            frm = OS.DRAFT
            if needs_approval and rng.random() < 0.5:
                move(OS.DRAFT, OS.PENDING_APPROVAL, OpportunityActor.OWNER, created + (cancelled - created) / 2, asking)
                frm = OS.PENDING_APPROVAL
            move(frm, OS.CANCELLED, OpportunityActor.OWNER, cancelled)
        else:  # a draft, or waiting for approval
            created = max(earliest, AS_OF_AT - timedelta(days=rng.uniform(1, 20 if opp.status == OS.DRAFT else 6)))
            move("", OS.DRAFT, OpportunityActor.OWNER, created)
            asked = created + (AS_OF_AT - created) * rng.uniform(0, 0.5)
            if opp.status == OS.PENDING_APPROVAL:
                move(OS.DRAFT, OS.PENDING_APPROVAL, OpportunityActor.OWNER, asked, asking)
            elif needs_approval and rng.random() < 0.4:  # sent back to the owner with a reason
                move(OS.DRAFT, OS.PENDING_APPROVAL, OpportunityActor.OWNER, asked, asking)
                reason = rng.choice(SEND_BACK_REASONS).format(threshold=threshold)
                move(OS.PENDING_APPROVAL, OS.DRAFT, OpportunityActor.APPROVER, asked + (AS_OF_AT - asked) * rng.uniform(0.2, 0.8), reason)
        opp.created_at = created

    def _random_opportunity(self, otype: T, status: OS, owner: _Person, **variant: Any) -> _Opportunity:
        rng, tax = self.rng, self.tax
        opp = self._add_opportunity(otype, status, owner, **variant)
        family = owner.family or rng.choice(self.role_families)
        if otype == T.PROJECT and rng.random() < 0.5:
            family = rng.choice(self.neighbours[family])
        elif otype == T.FREELANCE and rng.random() < 0.5:
            family = rng.choice(self.role_families)
        pool = self.family_pool[family]
        used: set[int] = set()

        def take(candidates: Sequence[int], count: int) -> list[int]:
            fresh = [s for s in dict.fromkeys(candidates) if s not in used]
            chosen = rng.sample(fresh, min(count, len(fresh)))
            used.update(chosen)
            return chosen

        needs: list[tuple[int, str, int]] = []
        if otype == T.PERMANENT_ROLE:
            role = self.roles[(family, rng.randint(max(1, owner.level - 3), max(1, owner.level - 1)))]
            opp.role = role.id
            essential = [s for s, _, e in role.skills if e]
            optional = [s for s, _, e in role.skills if not e]
            prof = {s: p for s, p, _ in role.skills}
            needs += [(s, SkillNeed.REQUIRED, prof[s]) for s in take(essential, rng.randint(2, 6))]
            needs += [(s, SkillNeed.NICE_TO_HAVE, prof[s]) for s in take(optional, rng.randint(0, 3))]
            needs += [(s, SkillNeed.GROWTH, rng.randint(2, 3)) for s in take(pool, rng.randint(0, 2))]
        elif otype == T.MENTORSHIP and opp.direction == D.MENTOR_OFFERS:
            # The mentor offers what they know best; mentees grow it.
            strongest = sorted(owner.skills, key=lambda s: (-owner.skills[s], s))[:6]
            needs += [(s, SkillNeed.GROWTH, min(4, owner.skills[s])) for s in take(strongest, rng.randint(1, 3))]
            needs += [(s, SkillNeed.NICE_TO_HAVE, rng.randint(1, 2)) for s in take(pool, rng.randint(0, 1))]
        elif otype == T.MENTORSHIP:
            # A mentee asks for a mentor who holds these (reverse mentoring: a more junior mentor, at a working level).
            levels = (2, 3) if opp.reverse else (3, 4)
            needs += [(s, SkillNeed.REQUIRED, rng.randint(*levels)) for s in take(pool[:14], rng.randint(1, 3))]
            needs += [(s, SkillNeed.NICE_TO_HAVE, rng.randint(2, 3)) for s in take(pool, rng.randint(0, 1))]
        else:
            levels = {T.GIG: (2, 4), T.PROJECT: (2, 4), T.JOB_SHADOWING: (1, 3), T.FREELANCE: (3, 4)}[otype]
            needs += [(s, SkillNeed.REQUIRED, rng.randint(*levels)) for s in take(pool[:14], rng.randint(2, 6))]
            near = [r for s, _, _ in needs for r in tax.related.get(s, [])]
            needs += [(s, SkillNeed.NICE_TO_HAVE, rng.randint(1, 3)) for s in take(near or pool, rng.randint(0, 3))]
            needs += [(s, SkillNeed.GROWTH, rng.randint(1, 3)) for s in take(pool, rng.randint(0, 2))]
        opp.needs = needs
        if otype == T.MENTORSHIP and (opp.direction == D.MENTOR_OFFERS or rng.random() < 0.5):
            opp.topics = self._topics(opp)
        self._describe(opp, needs[0][0])
        return opp

    def _suited(self, otype: T, owner: _Person, fan: _Person, *, hours: int, seats: int = 1, status: OS = OS.OPEN) -> _Opportunity:
        """An opportunity that suits `fan`: asks for skills she holds, at most at her level, and grows her aspirations.
        A mentorship is a mentor's offer to grow what she wants to grow."""
        rng = self.rng
        opp = self._add_opportunity(otype, status, owner, hours=hours, seats=seats, direction=D.MENTOR_OFFERS)
        opp.persona = True
        opp.work_mode = rng.choice([WorkMode.REMOTE, WorkMode.HYBRID])
        opp.location = None if opp.work_mode == WorkMode.REMOTE else fan.location
        held = sorted(fan.skills, key=lambda s: (-fan.skills[s], s))
        growth = [s for s in fan.grow if s not in held[:6]][:2]
        if otype == T.MENTORSHIP:
            opp.reverse = False
            offered = growth or held[-2:]
            # Only what she grows: a rating then never lowers a level she holds (her other opportunities still suit her).
            opp.needs = [(s, SkillNeed.GROWTH, min(5, max(3, fan.skills.get(s, 0) + 1))) for s in offered]
            opp.topics = self._topics(opp)
            self._describe(opp, offered[0])
            return opp
        required = rng.sample(held[:6], rng.randint(2, 3))
        needs = [(s, SkillNeed.REQUIRED, min(fan.skills[s], rng.randint(2, 3))) for s in required]
        nice = [s for s in held if s not in required]
        needs += [(s, SkillNeed.NICE_TO_HAVE, min(fan.skills[s], 2)) for s in rng.sample(nice, min(1, len(nice)))]
        needs += [(s, SkillNeed.GROWTH, 3) for s in growth if s not in {n[0] for n in needs}]
        opp.needs = needs
        self._describe(opp, required[0])
        return opp

    def _topics(self, opp: _Opportunity) -> list[str]:
        rng, tax = self.rng, self.tax
        skill = opp.needs[0][0]
        owner = opp.owner
        next_role = self.roles.get((owner.family or "", min(6, owner.level + 1)))
        wording = {"skill": tax.label[skill], "family": tax.family_name[tax.family[skill]],
                   "role": next_role.title if next_role else self._job_title(owner)}
        return [t.format(**wording)[:80] for t in rng.sample(MENTORING_TOPICS, rng.randint(2, 4))]

    def _describe(self, opp: _Opportunity, skill: int) -> None:
        rng, tax = self.rng, self.tax
        dept = self.departments[opp.owner.dept]["name"]
        role_title = self.role_by_id[opp.role].title if opp.role else ""
        owner_title = self._job_title(opp.owner)
        task = rng.choice(TASKS)
        templates = MENTORSHIP_TITLES[(opp.direction, opp.reverse)] if opp.type == T.MENTORSHIP else TITLE_TEMPLATES[opp.type]
        opp.title = rng.choice(templates).format(
            skill=tax.label[skill], dept=dept, task=task, title=owner_title, role=role_title,
        )[:200]
        opp.title = opp.title[0].upper() + opp.title[1:]
        asks = ", ".join(tax.label[s] for s, need, _ in opp.needs if need == SkillNeed.REQUIRED)
        grows = ", ".join(tax.label[s] for s, need, _ in opp.needs if need == SkillNeed.GROWTH)
        article = "an" if owner_title[0] in "AEIOU" else "a"
        someone = f"{article.capitalize()} {owner_title} in {dept}"
        if opp.direction == D.MENTOR_OFFERS:
            text = f"{someone} offers mentoring: you will grow {grows}."
            text += " Reverse mentoring: the mentor is the more junior one." if opp.reverse else ""
        elif opp.direction == D.MENTEE_ASKS:
            text = f"{someone} is looking for a mentor in {asks}."
            text += " Reverse mentoring: a more junior colleague is welcome to mentor." if opp.reverse else ""
        elif opp.type == T.JOB_SHADOWING:
            text = f"See how the {dept} team works, alongside {article} {owner_title}. It helps to know {asks}."
        else:
            text = f"The {dept} team is looking for help with the {task}. You will bring {asks}"
            text += f" and grow {grows}." if grows else "."
        if opp.total_hours:
            text += f" {opp.total_hours} hours in all, about {opp.hours} hours a week"
        else:
            text += f" About {opp.hours} hours a week"
        text += f", from {opp.start:%d %B %Y}." if opp.start else "."
        opp.description = text

    def _job_title(self, p: _Person) -> str:
        """The person's job title as planned (before any internal move)."""
        if p.manager is None:
            return "Chief Executive Officer"
        if p.is_head:
            return f"Head of {self.departments[p.dept]['name']}"
        return self.roles[(p.family, p.level)].title  # type: ignore[index]

    # -- applications -------------------------------------------------------------------------------------------

    def _plan_applications(self) -> None:
        rng = self.rng
        employee = self.persona["employee"]
        self.eligible = [p for p in self.people if p.eligible and p is not employee]
        self.open_pool = [p for p in self.eligible if p.open] or self.eligible
        self.holders: dict[int, list[_Person]] = {}
        self.growers: dict[int, list[_Person]] = {}
        self.alumni: dict[int, list[tuple[datetime, _Person]]] = {}  # by department: who completed an engagement there, when
        for p in self.eligible:
            for sid in p.skills:
                self.holders.setdefault(sid, []).append(p)
            for sid in p.grow:
                self.growers.setdefault(sid, []).append(p)

        # Maya's own: offered on a gig (her manager must release the time), applied to a project, a mentorship done.
        self._apply(self.gig_offered, employee, S.OFFERED, via_shortlist=True, offered_days_ago=(0.3, 2))
        self._apply(self.project_applied, employee, S.APPLIED)
        self._apply(self.mentorship_done, employee, S.COMPLETED)
        for opp in (self.gig_offered, self.project_applied):
            self._apply_someone(opp, rng.choice([S.APPLIED, S.SHORTLISTED]))
        # The owner's open opportunities have people to shortlist and offer.
        for opp in self.owner_open:
            for status in [S.APPLIED, S.SHORTLISTED, *rng.sample([S.APPLIED, S.SHORTLISTED, S.INVITED], rng.randint(0, 2))]:
                self._apply_someone(opp, status)
        # The owner's closed gig: its participant has confirmed completion and waits for the owner's rating.
        self._apply_someone(self.owner_to_rate, S.ACTIVE, awaiting=Actor.OWNER)

        candidates = [o for o in self.opportunities if not o.persona]
        asked = next((o for o in candidates if o.direction == D.MENTEE_ASKS and o.status == OS.CLOSED), None)
        if asked is not None:  # a mentor saw a mentee's ask through
            self._apply_someone(asked, S.COMPLETED)
        for opp in candidates:  # someone has moved into a permanent role
            if opp.type == T.PERMANENT_ROLE and opp.status == OS.CLOSED and opp.seats_taken < opp.seats and self._apply_someone(
                opp, S.ACTIVE, tries=500,
            ):
                break
        # An offer in every lifecycle (each type, with and without a release where it can need one).
        offered = {(a.opportunity.type, a.opportunity.release) for a in self.applications if S.OFFERED in a.path}
        for opp in candidates:
            wanted = (opp.type, opp.release) not in offered and opp.status in (OS.OPEN, OS.CLOSED) and opp.seats_taken < opp.seats
            if wanted and self._apply_someone(opp, S.ACCEPTED):
                offered.add((opp.type, opp.release))
        covered = {a.path[-1] for a in self.applications}
        for status in S:  # every status at least once, wherever it fits (Maya's gig and project as a last resort)
            if status in covered:
                continue
            for opp in [*candidates, self.gig_offered, self.project_applied]:
                if status in {S.ACTIVE, S.COMPLETED}:
                    fits = opp.status == OS.CLOSED and not (status == S.COMPLETED and opp.type == T.PERMANENT_ROLE)
                elif status in {S.WITHDRAWN, S.DECLINED, S.EXPIRED}:
                    fits = opp.status in {OS.OPEN, OS.CLOSED}
                else:
                    fits = opp.status == OS.OPEN
                if not fits or (status == S.RELEASED and not opp.release):
                    continue
                if status in HOLDS_SEAT and opp.seats_taken >= opp.seats:
                    continue
                if self._apply_someone(opp, status):
                    covered.add(status)
                    break

        counts = {k: _Weighted(v) for k, v in APPLICATIONS_PER_OPPORTUNITY.items()}
        finals = {k: _Weighted(v) for k, v in FINAL_STATUSES.items()}
        long_ago = AS_OF_AT - timedelta(days=240)
        # Permanent roles last: by then the gigs and projects are planned, and who completed one in a department is
        # known (gig-to-permanent).
        for opp in sorted(candidates, key=lambda o: o.type == T.PERMANENT_ROLE):
            if opp.type == T.PERMANENT_ROLE and not self.alumni:
                self._index_alumni()
            if opp.status not in counts or opp.published_at is None:  # drafts and what was never published
                continue
            for _ in range(counts[opp.status].pick(rng)):
                status = finals[opp.status].pick(rng)
                if status == S.ACTIVE and opp.published_at < long_ago:
                    status = S.COMPLETED  # an engagement from long ago has ended (a permanent role stays active)
                if status == S.RELEASED and not opp.release:
                    status = S.ACCEPTED
                if status in HOLDS_SEAT and opp.seats_taken >= opp.seats:
                    status = rng.choice([S.APPLIED, S.DECLINED, S.WITHDRAWN]) if opp.status == OS.OPEN else S.DECLINED
                self._apply_someone(opp, status)

    def _index_alumni(self) -> None:
        """Who completed a gig, project or freelancing engagement in each department, in time order."""
        for a in self.applications:
            opp = a.opportunity
            if a.path[-1] == S.COMPLETED and opp.type in (T.GIG, T.PROJECT, T.FREELANCE):
                self.alumni.setdefault(opp.owner.dept_at(opp.created_at), []).append((a.times[-1], a.applicant))
        for done in self.alumni.values():
            done.sort(key=lambda d: (d[0], d[1].index))
        self.alumni.setdefault(-1, [])  # indexed, even when nobody completed anything

    def _apply_someone(self, opp: _Opportunity, status: S, *, tries: int = 25, **options: Any) -> bool:
        """Find a plausible applicant (often someone holding a required skill; for a mentor's offer, someone who
        wants to grow what is offered) and plan the application."""
        rng = self.rng
        if opp.type == T.PERMANENT_ROLE and status == S.COMPLETED:
            status = S.ACTIVE  # a permanent role is taken, not completed
        invited = status == S.INVITED or rng.random() < 0.2
        required = [s for s, need, _ in opp.needs if need == SkillNeed.REQUIRED]
        growth = [s for s, need, _ in opp.needs if need == SkillNeed.GROWTH]
        assert opp.published_at is not None
        opened = opp.published_at.date()
        alumni: list[_Person] = []
        if opp.type == T.PERMANENT_ROLE and self.alumni and rng.random() < GIG_TO_PERMANENT_SHARE:
            done = self.alumni.get(opp.owner.dept_at(opp.created_at), [])
            alumni = [p for at, p in done[: bisect.bisect_left(done, opp.published_at, key=lambda d: d[0])] if p.eligible]
        for _ in range(tries):
            r = rng.random()
            if alumni and r < 0.8:
                pool = alumni
            elif opp.direction == D.MENTOR_OFFERS and growth and r < 0.6:
                pool = self.growers.get(rng.choice(growth)) or self.eligible
            elif required and r < (0.9 if opp.direction == D.MENTEE_ASKS else 0.6):
                pool = self.holders.get(rng.choice(required)) or self.eligible
            else:
                pool = self.open_pool if invited else self.eligible
            person = rng.choice(pool)
            if invited and not person.open:
                continue
            if person is opp.owner or person.index in opp.applicants or person.hire >= opened:
                continue
            if opp.reverse and (person.level >= opp.owner.level if opp.direction == D.MENTEE_ASKS else person.level <= opp.owner.level):
                continue  # reverse mentoring: the mentor is the more junior one
            if opp.type == T.PERMANENT_ROLE and not self._may_take_role(person, opp, status):
                continue
            self._apply(opp, person, status, invited=invited, **options)
            return True
        return False

    def _may_take_role(self, person: _Person, opp: _Opportunity, status: S) -> bool:
        """Nobody applies for a role under someone who reports to them; who takes one (active) moves once, has no
        team to leave behind and is not one of the personas or Maya's team."""
        boss = opp.owner
        while boss is not None:
            if boss is person:
                return False
            boss = boss.manager
        if status != S.ACTIVE:
            return True
        return person.move is None and not person.reports and person.index not in self.protected

    def _apply(self, opp: _Opportunity, person: _Person, final: S, *, invited: bool = False, via_shortlist: bool = False,
               offered_days_ago: tuple[float, float] | None = None, awaiting: Actor | None = None) -> None:
        rng, rules = self.rng, self.settings
        release = opp.release
        moves = functools.partial(_moves, kind=opp.type, needs_release=release)
        chain = ([S.INVITED] if invited or final == S.INVITED else []) + [S.APPLIED]
        if via_shortlist or final == S.SHORTLISTED or rng.random() < 0.7:
            chain.append(S.SHORTLISTED)
        chain += [S.OFFERED, *([S.RELEASED] if release else []), S.ACCEPTED, S.ACTIVE]
        if S.COMPLETED in moves(S.ACTIVE):  # a permanent role ends at active: the person has moved into it
            chain.append(S.COMPLETED)
        if final in chain:
            path = chain[: chain.index(final) + 1]
        else:  # withdrawn, declined or expired: leave the forward chain at a point that allows it
            exits = [s for s in chain if final in moves(s)]
            stop = exits[min(int(rng.expovariate(0.9)), len(exits) - 1)]
            path = [*chain[: chain.index(stop) + 1], final]
        # Completing takes both sides; whoever confirms second makes the move.
        second = Actor.APPLICANT if rng.random() < 0.7 else Actor.OWNER
        actors = [Actor.OWNER if path[0] == S.INVITED else Actor.APPLICANT]
        for before, after in itertools.pairwise(path):
            who = sorted(moves(before)[after])
            if after == S.COMPLETED:
                who = [second]
            elif len(who) > 1 and Actor.LINE_MANAGER in who and not release:
                who.remove(Actor.LINE_MANAGER)  # nothing to release: the line manager has no say
            actors.append(rng.choice(who))
        end = None
        if final == S.OFFERED and release:
            # An offer waiting for release is recent; past the wait it was escalated (and before twice the wait it expires).
            wait = rules.release_wait_days
            if offered_days_ago is not None:
                age = rng.uniform(*offered_days_ago)
            elif rules.overdue_release == OverdueRelease.ESCALATE and (not self.escalated_offer or rng.random() < 0.3):
                age = rng.uniform(wait + 0.2, 2 * wait - 0.2)
            else:
                age = rng.uniform(0.1, wait - 0.1)
            end = AS_OF_AT - timedelta(days=age)
        times = self._times(opp, path, end=end)
        application = _Application(opp, person, path, actors, times)
        if S.APPLIED in path:
            application.message = rng.choice(APPLICATION_MESSAGES)
        application.share_with_manager = opp.type == T.PERMANENT_ROLE and rng.random() < 0.3
        opp.applicants.add(person.index)
        if final in HOLDS_SEAT:
            opp.seats_taken += 1
        self._follow_up(application, second, awaiting)
        self.applications.append(application)

    def _times(self, opp: _Opportunity, path: list[S], *, end: datetime | None = None) -> list[datetime]:
        """Increasing times from after the opportunity's publication, none later than AS_OF (the last at `end` when
        given). An offer waiting for a release is decided before it is overdue twice over, or expires then."""
        rng, rules = self.rng, self.settings
        published = opp.published_at
        assert published is not None
        if end is not None and end <= published + timedelta(hours=2):
            end = None
        limit = end or AS_OF_AT
        first_by = opp.closed_at if opp.closed_at and opp.closed_at < limit else limit - timedelta(hours=1)
        start = published + (first_by - published) * rng.uniform(0.05, 0.6)
        wait = rules.release_wait_days
        overdue = 2 * wait if rules.overdue_release == OverdueRelease.ESCALATE else wait
        gaps: list[timedelta] = []
        fixed: list[bool] = []
        for before, after in itertools.pairwise(path):
            if before == S.OFFERED and opp.release and after == S.EXPIRED:
                days, is_fixed = rng.uniform(overdue, overdue + 1), True
            elif before == S.OFFERED and opp.release:
                days, is_fixed = rng.uniform(0.2, overdue - 0.1), False
            else:
                days, is_fixed = rng.uniform(*STEP_DAYS.get(after, DEFAULT_STEP_DAYS)), False
            gaps.append(timedelta(days=days))
            fixed.append(is_fixed)
        room = limit - start
        total = sum(gaps, timedelta())
        if gaps and (end is not None or total >= room):
            target = room if end is not None else room * 0.95
            kept = sum((g for g, f in zip(gaps, fixed, strict=True) if f), timedelta())
            if kept < target * 0.9 and total > kept:
                scale = (target - kept) / (total - kept)
                gaps = [g if f else g * scale for g, f in zip(gaps, fixed, strict=True)]
            else:
                gaps = [g * (target / total) for g in gaps]
        times = [start]
        for gap in gaps:
            times.append(times[-1] + max(gap, timedelta(minutes=1)))
        return times

    def _follow_up(self, app: _Application, second: Actor, awaiting: Actor | None) -> None:
        """What the services write beside the status changes: the release decided at the offer and its escalation,
        consent to tell the line manager, both sides' completion with ratings and evidence, mentoring sessions, and
        the move into a permanent role."""
        rng, rules = self.rng, self.settings
        opp, person, path = app.opportunity, app.applicant, app.path
        if S.OFFERED in path:
            app.release_required = opp.release
            i = path.index(S.OFFERED)
            offered = app.times[i]
            until = app.times[i + 1] if i + 1 < len(path) else AS_OF_AT
            wait = timedelta(days=rules.release_wait_days)
            if app.release_required and rules.overdue_release == OverdueRelease.ESCALATE and until - offered > wait:
                at = min(offered + wait + timedelta(minutes=rng.randint(1, 90)), offered + (wait + (until - offered)) / 2)
                manager = person.manager_at(offered)
                skip = manager.manager_at(at) if manager is not None else None
                app.escalated_at, app.escalated_to = at, None if skip is person else skip
                to_whom = f"{skip.first} {skip.last}" if skip is not None else "the talent admins"
                reason = f"No release decision within {rules.release_wait_days} days; now with {to_whom}"
                app.events.append((at, S.OFFERED, ChangeEvent.ESCALATED, Actor.SYSTEM, reason))
                self.escalated_offer = self.escalated_offer or path[-1] == S.OFFERED
        if app.share_with_manager and len(path) > 1 and (not self.consented or rng.random() < 0.4):  # consented after applying
            self.consented = True
            at = app.times[0] + (app.times[1] - app.times[0]) * rng.uniform(0.2, 0.8)
            app.events.append((at, path[0], ChangeEvent.CONSENT, Actor.APPLICANT, ""))
            app.events.sort(key=lambda e: e[0])
        if opp.type == T.PERMANENT_ROLE:
            if path[-1] == S.ACTIVE:
                self._plan_move(app)
            return
        if path[-1] not in (S.ACTIVE, S.COMPLETED):
            return
        started = app.at(S.ACTIVE)
        if path[-1] == S.COMPLETED:
            done = app.at(S.COMPLETED)
            first = started + (done - started) * rng.uniform(0.3, 0.9)
            last = done - timedelta(seconds=1)
            owner_at, participant_at = (first, last) if second == Actor.APPLICANT else (last, first)
            app.completion = _Completion(self._ratings(app), owner_at, participant_at, done)
        elif awaiting is not None or rng.random() < 0.2:  # one side has confirmed; the other is awaited
            side = Actor.APPLICANT if awaiting == Actor.OWNER else Actor.OWNER if awaiting else rng.choice([Actor.OWNER, Actor.APPLICANT])
            at = started + (AS_OF_AT - started) * rng.uniform(0.5, 0.95)
            if side == Actor.OWNER:
                app.completion = _Completion(self._ratings(app), owner_at=at)
            else:
                app.completion = _Completion([], participant_at=at)
        completion = app.completion
        if opp.type == T.MENTORSHIP:
            self._plan_sessions(app, started, completion.owner_at if completion and completion.owner_at else AS_OF_AT)
        if completion is None:
            return
        if completion.owner_at is not None:
            completion.hours = self._completion_hours(app, started, completion.owner_at)
            completion.endorsement = rng.choice(ENDORSEMENTS) if rng.random() < 0.4 else ""
            app.events.append((completion.owner_at, S.ACTIVE, ChangeEvent.OWNER_CONFIRMED, Actor.OWNER, ""))
        if completion.participant_at is not None:
            app.events.append((completion.participant_at, S.ACTIVE, ChangeEvent.PARTICIPANT_CONFIRMED, Actor.APPLICANT, ""))
        app.events.sort(key=lambda e: e[0])
        if completion.completed_at is not None:
            # Gig feedback from the owner is verified; a mentee rating their mentor is a peer's endorsement.
            source, verified = (str(E.PEER_ENDORSEMENT), False) if opp.direction == D.MENTEE_ASKS else (str(E.GIG_FEEDBACK), True)
            seen = self.observations.setdefault(person.index, [])
            seen += [(completion.completed_at, sid, level, source, verified, opp) for sid, level in completion.ratings]

    def _ratings(self, app: _Application) -> list[tuple[int, int]]:
        """The owner's observed level of each skill of the opportunity the participant applied (nice-to-haves not always)."""
        rng, opp, held = self.rng, app.opportunity, app.applicant.skills
        ratings = []
        for sid, need, level in opp.needs:
            has = held.get(sid)
            if need == SkillNeed.NICE_TO_HAVE and rng.random() < 0.4:
                continue
            if opp.direction == D.MENTEE_ASKS:  # the mentee rates the mentor
                observed = _clamp((has or level) + rng.choice((-1, 0, 0)))
            elif need == SkillNeed.GROWTH:  # grown on the job, up to the level the opportunity grows
                observed = _clamp(min((has or 0) + rng.choice((1, 1, 2)), max(level, has or 1)))
            else:
                observed = _clamp((level + (has or level) + 1) // 2 + rng.choice((-1, 0, 0, 1)))
            ratings.append((sid, observed))
        return ratings

    def _completion_hours(self, app: _Application, started: datetime, confirmed: datetime) -> int:
        """What the completion form proposes (default_completion_hours): the sessions' time for a mentorship, the
        hours in all for job shadowing, otherwise the weekly hours times the weeks worked."""
        opp = app.opportunity
        if opp.type == T.MENTORSHIP:
            return max(1, round(sum(minutes for _, minutes, _, _, _ in app.sessions) / 60))
        if opp.type == T.JOB_SHADOWING and opp.total_hours:
            return opp.total_hours
        last = min(confirmed.date(), opp.end) if opp.end else confirmed.date()
        weeks = max(1, round(((last - started.date()).days + 1) / 7))
        return max(1, min(5000, weeks * opp.hours))

    def _plan_sessions(self, app: _Application, started: datetime, until: datetime) -> None:
        """A few sessions, held and logged while the mentorship was active (before the mentor's confirmation)."""
        rng = self.rng
        first_day = max(started.date(), app.times[0].date())
        last_day = (until - timedelta(hours=1)).date()
        if last_day < first_day:
            return
        minutes = _Weighted(SESSION_MINUTES)
        span = (last_day - first_day).days
        for day in sorted(first_day + timedelta(days=rng.randint(0, span)) for _ in range(rng.randint(2, 6))):
            by = rng.choice([app.opportunity.owner, app.applicant])
            logged = min(_at(day, rng) + timedelta(hours=rng.uniform(1, 30)), until - timedelta(minutes=1))
            app.sessions.append((day, minutes.pick(rng), rng.choice(SESSION_NOTES), by, max(logged, started + timedelta(minutes=1))))

    def _plan_move(self, app: _Application) -> None:
        """The person moves into the permanent role (record_internal_move): title, role, department and manager."""
        opp, person = app.opportunity, app.applicant
        at = app.at(S.ACTIVE)
        role = self.role_by_id[opp.role] if opp.role else None
        person.move = _Move(
            at=at, title=(role.title if role else opp.title)[:200], role=role, dept=opp.owner.dept_at(opp.created_at),
            manager=opp.owner, from_title=self._job_title(person), from_role=self.roles[(person.family, person.level)] if person.family else None,
            from_dept=person.dept, reason=f"internal permanent role: {opp.title}"[:300],
        )

    def _plan_hr_moves(self) -> None:
        """Moves HR records over the two years (record_internal_move): promotions to the next level of the track
        under the same manager, and transfers to another department's team at the same level. Only people without
        a team of their own move, once, after at least six months in the company."""
        rng = self.rng
        start = AS_OF - timedelta(days=HISTORY_DAYS)
        managers_by_dept: dict[int, list[_Person]] = {}
        for p in self.people:
            if p.reports and p.manager is not None and p.leave is None and not p.persona:
                managers_by_dept.setdefault(p.dept, []).append(p)
        chance = 1 - (1 - HR_MOVES_PER_YEAR) ** (HISTORY_DAYS / 365)
        for p in self.people:
            if (p.reports or p.is_head or p.manager is None or p.family is None or p.move is not None or p.leave is not None
                    or p.index in self.protected or rng.random() >= chance):
                continue
            first = max(start, p.hire + timedelta(days=180))
            if first >= AS_OF - timedelta(days=7):
                continue
            at = _at(first + timedelta(days=rng.randrange((AS_OF - first).days - 7)), rng)
            from_role = self.roles[(p.family, p.level)]
            if rng.random() < PROMOTION_SHARE and p.level < min(5, p.manager.level):
                role, dept, manager, reason = self.roles[(p.family, p.level + 1)], p.dept, p.manager, "promotion"
            else:
                depts = [d for d, ms in managers_by_dept.items() if d != p.dept and any(m.level > p.level for m in ms)
                         and (p.family in self.departments[d]["family_set"] or set(self.neighbours[p.family]) & self.departments[d]["family_set"])]
                if not depts:
                    continue
                dept = rng.choice(sorted(depts))
                manager = rng.choice([m for m in managers_by_dept[dept] if m.level > p.level])
                fams = self.departments[dept]["family_set"]
                family = p.family if p.family in fams else sorted(set(self.neighbours[p.family]) & fams)[0]
                role = self.roles[(family, p.level)]
                reason = f"transfer to {self.departments[dept]['name']}"
            p.move = _Move(at=at, title=role.title, role=role, dept=dept, manager=manager, from_title=from_role.title,
                           from_role=from_role, from_dept=p.dept, reason=reason)

    def _plan_leavers(self) -> None:
        """Who left over the two years, at a yearly rate (halved for people who took a seat in the marketplace), on a
        day after everything they did: a leaver has nothing under way (no open application, no open opportunity)
        and no team of their own."""
        rng = self.rng
        start = AS_OF_AT - timedelta(days=HISTORY_DAYS)
        busy_until: dict[int, datetime] = {}  # person index -> the last thing they did (AS_OF_AT: still under way)
        participants: set[int] = set()

        def busy(p: _Person, at: datetime) -> None:
            if at > busy_until.get(p.index, start):
                busy_until[p.index] = at

        for a in self.applications:
            opp, last = a.opportunity, a.path[-1]
            done = last in (S.COMPLETED, S.WITHDRAWN, S.DECLINED, S.EXPIRED) or (last == S.ACTIVE and opp.type == T.PERMANENT_ROLE)
            until = max([a.times[-1], *(e[0] for e in a.events), *(s[4] for s in a.sessions)])
            busy(a.applicant, until if done else AS_OF_AT)
            busy(opp.owner, until if done else AS_OF_AT)
            if S.ACCEPTED in a.path:
                participants.add(a.applicant.index)
        for o in self.opportunities:
            busy(o.owner, o.history[-1][5] if o.status in (OS.CLOSED, OS.CANCELLED) and o.history else AS_OF_AT)
        for p in self.people:
            if p.move is not None:
                busy(p, p.move.at)
        for p in self.people:
            if p.reports or p.manager is None or p.is_head or p.leave is not None or p.index in self.protected:
                continue
            first = max(busy_until.get(p.index, start), _at(p.hire + timedelta(days=60), rng)) + timedelta(days=1)
            days = (AS_OF_AT - first).days - 1
            rate = PARTICIPANT_ATTRITION_PER_YEAR if p.index in participants else ATTRITION_PER_YEAR
            if days < 1 or rng.random() >= 1 - (1 - rate) ** (days / 365):
                continue
            p.leave = (first + timedelta(days=rng.randrange(days))).date()
            p.open = False

    # -- learning (its own generator: the rest of the organisation is the same with or without it) ---------------

    def _plan_catalog(self) -> None:
        """One to three items per skill (a first course at level 2, practice or advanced courses at 3-4, an assessment
        or a micro-certification), a programme per role family, and about a tenth of compliance training."""
        rng, tax = self.lrng, self.tax
        self.items: list[_Item] = []
        self.items_by_skill: dict[int, list[_Item]] = {}
        slugs: set[str] = set()

        def add(title: str, kind: str, fmt: str, minutes: int, skills: list[tuple[int, int]], *, compliance: bool = False,
                provider: str | None = None, description: str = "") -> _Item:
            base = slugify(title)[:100] or "item"
            slug, n = base, 1
            while slug in slugs:
                n += 1
                slug = f"{base}-{n}"
            slugs.add(slug)
            item = _Item(len(self.items), slug, title, kind, provider or rng.choice(PROVIDERS[fmt]), fmt, minutes,
                         compliance, skills, description)
            self.items.append(item)
            if not compliance:
                for sid, _ in skills:
                    self.items_by_skill.setdefault(sid, []).append(item)
            return item

        teaching_formats = _Weighted([(ItemFormat.ONLINE, 45), (ItemFormat.SELF_PACED, 35), (ItemFormat.BLENDED, 12),
                                      (ItemFormat.CLASSROOM, 8)])
        how_many = _Weighted([(1, 30), (2, 45), (3, 25)])
        # Maya's skills and those she grows stay taught: her own learning is on them.
        maya = self.persona["employee"]
        for sid in sorted(tax.ids, key=tax.slug.__getitem__):
            if rng.random() < UNTAUGHT_SHARE and sid not in maya.skills and sid not in maya.grow:
                continue
            label = tax.label[sid]
            count = how_many.pick(rng)
            kind = ItemKind.MODULE if rng.random() < 0.3 else ItemKind.COURSE
            add(rng.choice(FIRST_COURSES).format(s=label), kind, teaching_formats.pick(rng), rng.choice((60, 90, 120, 180, 240)),
                [(sid, 2)], description=f"The working basics of {label}: the ideas, the tools and a first real task.")
            if count >= 2:
                advanced = rng.random() < 0.3
                add(rng.choice(ADVANCED_COURSES if advanced else PRACTICE_COURSES).format(s=label),
                    ItemKind.COURSE if rng.random() < 0.7 else ItemKind.MODULE, teaching_formats.pick(rng),
                    rng.choice((240, 360, 480, 720, 960)), [(sid, 4 if advanced else 3)],
                    description=f"{label} on the kind of work the organisation does, with exercises reviewed by a practitioner.")
            if count >= 3:
                if rng.random() < 0.7:
                    add(f"{label} skills assessment", ItemKind.ASSESSMENT, ItemFormat.ONLINE, rng.choice((45, 60, 90)),
                        [(sid, 3)], description=f"A proctored assessment of {label} at practitioner level (3).")
                else:
                    add(f"{label} micro-certification", ItemKind.MICRO_CERTIFICATION, ItemFormat.BLENDED,
                        rng.choice((600, 900, 1200)), [(sid, 4)],
                        description=f"A graded project and a review that certify {label} at advanced level (4).")
        for fam in self.role_families:
            core = sorted(self.family_pool[fam][:4])
            name = tax.family_name[fam]
            add(f"{name} professional programme", ItemKind.PROGRAMME, ItemFormat.BLENDED, rng.choice((1800, 2400, 3000)),
                [(sid, 3) for sid in core], provider=ACADEMY,
                description=f"A cohort programme over twelve weeks: the core skills of the {name} track, with a capstone project.")
        wanted = max(len(COMPLIANCE_TOPICS), round(len(self.items) * COMPLIANCE_SHARE / (1 - COMPLIANCE_SHARE)))
        by_slug = {slug: sid for sid, slug in tax.slug.items()}
        titles = [(v.format(t=topic), skills) for v in COMPLIANCE_VARIANTS for topic, skills in COMPLIANCE_TOPICS]
        for title, skills in titles[:wanted]:
            taught = [(by_slug[s], 2) for s in skills if s in by_slug][:1]
            add(title, ItemKind.MODULE, ItemFormat.ONLINE if rng.random() < 0.8 else ItemFormat.SELF_PACED,
                rng.choice((20, 30, 45, 60)), taught, compliance=True, provider=ACADEMY,
                description="Required training: complete it once a year.")
        self.compliance_items = [i for i in self.items if i.compliance]

    def _plan_learning(self) -> None:
        """Learning histories over the last two years, pathways to target roles, and Maya's own."""
        rng = self.lrng
        self.records: list[_Record] = []
        self.pathways: list[_Pathway] = []
        # Evidence from learning, by person index: (at, skill id, target level, record), written with the skills.
        self.learned: dict[int, list[tuple[datetime, int, int, _Record]]] = {}
        teaching_statuses, assessing_statuses = _Weighted(TEACHING_STATUSES), _Weighted(ASSESSING_STATUSES)
        window_start = AS_OF_AT - timedelta(days=365 * LEARNING_YEARS)
        latest = AS_OF_AT - timedelta(days=2)
        employee = self.persona["employee"]
        prepared = self._plan_preparation()
        for p in self.people:
            if p.leave is not None and p.leave <= window_start.date() + timedelta(days=60):
                continue
            is_maya = p is employee
            forced = prepared.get(p.index, [])
            learner = is_maya or rng.random() < LEARNERS_SHARE
            if not learner and not forced:
                continue
            earliest = max(window_start, _at(p.hire + timedelta(days=7), rng))
            latest = AS_OF_AT - timedelta(days=2)
            if p.leave is not None:
                latest = min(latest, _at(p.leave - timedelta(days=2), rng))
            if earliest >= latest - timedelta(days=30):
                continue
            # Evidence from learning comes before any rating of the same skill in an opportunity (the ratings are the
            # latest word on a skill, as the rule of observed evidence expects).
            first_rated: dict[int, datetime] = {}
            for at, sid, *_ in self.observations.get(p.index, ()):
                first_rated[sid] = min(at, first_rated.get(sid, at))
            pathway = None
            if p.targets and p.leave is None and learner and (is_maya or rng.random() < PATHWAY_SHARE):
                role = self.role_by_id[p.targets[0]]
                start = earliest + timedelta(seconds=rng.uniform(0.3, 0.9) * (latest - earliest).total_seconds())
                if is_maya:
                    start = max(earliest, AS_OF_AT - timedelta(days=150))
                for sid, _, _ in role.skills:  # the gap at the start is measured before anything happened to it
                    if sid in first_rated:
                        start = min(start, first_rated[sid] - timedelta(days=1))
                role_skills = {sid for sid, _, _ in role.skills}
                for item, done in forced:  # learning that prepared a seat or a move comes after the start too
                    if role_skills.intersection(sid for sid, _ in item.skills):
                        start = min(start, done - timedelta(days=1))
                if start > earliest:
                    steps = sum(max(0, prof - p.skills.get(sid, 0)) for sid, prof, _ in role.skills)
                    pathway = _Pathway(p, role, start, steps)
                    self.pathways.append(pathway)
            chosen: list[_Item] = []
            if is_maya:
                chosen = self._maya_items(p, pathway, first_rated)
            elif learner:
                gap = [sid for sid, prof, _ in pathway.role.skills if p.skills.get(sid, 0) < prof] if pathway else []
                for _ in range(rng.randint(1, 5)):
                    r = rng.random()
                    if r < 0.3:
                        item = rng.choice(self.compliance_items)
                    else:
                        if gap and r < 0.75:
                            sid = rng.choice(gap)
                        elif p.grow and r < 0.6:
                            sid = rng.choice(p.grow)
                        elif p.skills and r < 0.85:
                            sid = rng.choice(list(p.skills))
                        else:
                            sid = rng.choice(self.family_pool.get(p.family or "", self.tax.ids))
                        options = self.items_by_skill.get(sid)
                        if not options:
                            continue
                        item = rng.choice(options)
                    if item not in chosen:
                        chosen.append(item)
            lo = pathway.started_at if pathway else earliest
            for k, item in enumerate(chosen):
                if is_maya:  # courses completed, the assessment passed, the last one in progress
                    status = "in_progress" if k == len(chosen) - 1 else "passed" if item.assessing else "completed"
                else:
                    status = (assessing_statuses if item.assessing else teaching_statuses).pick(rng)
                enrolled = lo + timedelta(seconds=rng.random() * (latest - lo).total_seconds() * 0.85)
                self._add_record(self._plan_record(p, item, status, enrolled, latest, first_rated))
            for item, done in forced:
                if item in chosen or done >= latest or done <= earliest + timedelta(days=1):
                    continue
                chosen.append(item)
                days = max(1, item.minutes // 120) + rng.randint(0, 30)
                enrolled = max(earliest, done - timedelta(days=days, minutes=rng.randrange(600)))
                status = "passed" if item.assessing else "completed"
                self._add_record(self._plan_record(p, item, status, enrolled, latest, first_rated, done=done))

    def _add_record(self, record: _Record) -> None:
        self.records.append(record)
        if learning_rules.gives_evidence(record.status, assessing=record.item.assessing):
            assert record.completed_at is not None
            for sid, target in record.item.skills:
                self.learned.setdefault(record.person.index, []).append((record.completed_at, sid, target, record))

    def _plan_preparation(self) -> dict[int, list[tuple[_Item, datetime]]]:
        """Learning that came before a seat or a move: by person, (item, completed at). A course on a skill the
        opportunity asks for (or grows), completed 5-85 days before the seat was taken; a course on a skill of the
        new role, 20-330 days before the move."""
        rng = self.lrng
        prepared: dict[int, list[tuple[_Item, datetime]]] = {}

        def teach(p: _Person, skills: list[int], done: datetime) -> None:
            options = [i for sid in skills for i in self.items_by_skill.get(sid, ()) if i.kind != ItemKind.PROGRAMME]
            if options:
                prepared.setdefault(p.index, []).append((rng.choice(options), done))

        for a in self.applications:
            if (S.ACCEPTED in a.path and a.opportunity.type in (T.GIG, T.PROJECT, T.FREELANCE, T.PERMANENT_ROLE)
                    and not a.applicant.persona and rng.random() < LEARNED_BEFORE_SEAT):
                teach(a.applicant, sorted(s for s, _, _ in a.opportunity.needs), a.at(S.ACCEPTED) - timedelta(days=rng.uniform(5, 85)))
        for p in self.people:
            if p.move is not None and p.move.role is not None and rng.random() < LEARNED_BEFORE_MOVE:
                teach(p, sorted(s for s, _, _ in p.move.role.skills), p.move.at - timedelta(days=rng.uniform(20, 330)))
        return prepared

    def _maya_items(self, p: _Person, pathway: _Pathway | None, first_rated: dict[int, datetime]) -> list[_Item]:
        """Two courses completed on her pathway's gap, an assessment passed (it earns her a credential), and one in
        progress. Skills already rated in her mentorship come last: learning on them would have had to come first."""
        gap = sorted(
            ((sid, prof - p.skills.get(sid, 0)) for sid, prof, _ in (pathway.role.skills if pathway else [])
             if p.skills.get(sid, 0) < prof),
            key=lambda g: (g[0] in first_rated, -g[1], self.tax.slug[g[0]]),
        )
        courses: list[_Item] = []
        for sid, _ in gap:
            teaching = [i for i in self.items_by_skill.get(sid, []) if not i.assessing
                        and i.kind != ItemKind.PROGRAMME and i.skills[0][1] > p.skills.get(sid, 0)]
            if teaching and len(courses) < 2:
                courses.append(teaching[0])
        held = sorted(p.skills, key=lambda s: (-p.skills[s], self.tax.slug[s]))
        candidates = [sid for sid, _ in gap] + held + sorted(self.items_by_skill, key=self.tax.slug.__getitem__)
        assessment = next((i for sid in candidates for i in self.items_by_skill.get(sid, [])
                           if i.assessing and i not in courses), None)
        self.maya_assessment = assessment
        rest = [i for sid in candidates for i in self.items_by_skill.get(sid, []) if not i.assessing
                and i.kind != ItemKind.PROGRAMME and i not in courses]
        fillers = [i for i in rest if i.skills[0][1] > p.skills.get(i.skills[0][0], 0)] or rest
        while len(courses) < 2 and fillers:
            courses.append(fillers.pop(0))
        return [*courses, *([assessment] if assessment else []), *fillers[:1]]

    def _plan_record(self, p: _Person, item: _Item, status: str, enrolled: datetime, latest: datetime,
                     first_rated: dict[int, datetime], *, done: datetime | None = None) -> _Record:
        """A record and its events, as record_result and record_progress would have written them (finished at
        `done` when given)."""
        rng = self.lrng
        source = rng.choice(LMS_SOURCES) if rng.random() < XAPI_SHARE else "ui"
        finished = status in {"completed", "passed", "failed"}
        done_at = None
        if finished:
            days = max(1, item.minutes // 120) + rng.randint(0, 40)
            done_at = done or min(latest, enrolled + timedelta(days=days, minutes=rng.randrange(600)))
            rated = min((first_rated[sid] for sid, _ in item.skills if sid in first_rated), default=None)
            if (learning_rules.gives_evidence(status, assessing=item.assessing) and rated is not None
                    and done_at >= rated - timedelta(days=1)):
                status, finished, done_at = "in_progress", False, None  # still learning when the skill was first rated
        events: list[tuple[str, str, int, float | None, datetime]] = [("enrolled", "enrolled", 0, None, enrolled)]
        progress = 0
        if status != "enrolled":
            progress = rng.choice((10, 25, 40, 50, 60, 75, 90))
            at = enrolled + ((done_at or latest) - enrolled) * rng.uniform(0.2, 0.8)
            events.append(("progressed", "in_progress", progress, None, at))
        score = None
        if done_at is not None:
            if status == "passed":
                score = round(rng.uniform(0.7, 1.0), 2)
            elif status == "failed":
                score = round(rng.uniform(0.2, 0.65), 2)
            if status in {"completed", "passed"}:
                progress = 100
            events.append((status, status, progress, score, done_at))
        completed_at = done_at if status in {"completed", "passed"} else None
        return _Record(p, item, status, progress, score, enrolled, completed_at, source, events)

    # -- writing ------------------------------------------------------------------------------------------------

    def _ids(self, model: type[models.Model], count: int) -> range:
        """Primary keys for `count` new rows, after any the table already has."""
        first = (model._base_manager.aggregate(m=models.Max("pk"))["m"] or 0) + 1
        self.tables.append(model)
        return range(first, first + count)

    def _insert(self, model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
        count = insert_rows(model, fields, rows)
        self.counts[model._meta.label] = self.counts.get(model._meta.label, 0) + count
        return count

    def _uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def write(self) -> None:
        self.tables: list[type[models.Model]] = []
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:  # a bigger page cache keeps the index inserts in memory
                cursor.execute("PRAGMA cache_size = -262144")
        for o in self.opportunities:  # the evidence of completions links to its opportunity
            o.public_id = self._uuid()
        self._write_structure()
        self._write_people()
        self.say(f"wrote {self.n:,} people")
        self._write_skills()
        self.say(f"wrote {self.counts[EmployeeSkill._meta.label]:,} employee skills and {self.counts[SkillEvidence._meta.label]:,} evidence")
        self._write_aspirations()
        self._write_marketplace()
        self.say(f"wrote {len(self.opportunities):,} opportunities and {len(self.applications):,} applications")
        self._write_completions()
        self._write_role_changes()
        self._write_demographics()
        if RECORD_CANDIDATE_LISTS:
            self._write_exposures()
        self._write_learning()
        self.say(f"wrote {len(self.items):,} learning items, {len(self.records):,} learning records and {len(self.pathways):,} pathways")
        reset_sequences(self.tables)
        self._issue_credentials()

    def _write_structure(self) -> None:
        self.location_ids = list(self._ids(Location, len(LOCATIONS)))
        self._insert(Location, ("id", "slug", "name", "country"),
                     ((i, slug, name, country) for i, (slug, name, country, _) in zip(self.location_ids, LOCATIONS, strict=True)))
        self.department_ids = list(self._ids(Department, len(self.departments)))
        self._insert(Department, ("id", "slug", "name", "parent_id"), (
            (self.department_ids[i], d["slug"], d["name"], None if d["parent"] is None else self.department_ids[d["parent"]])
            for i, d in enumerate(self.departments)
        ))
        self.role_family_ids = dict(zip(self.role_families, self._ids(RoleFamily, len(self.role_families)), strict=True))
        self._insert(RoleFamily, ("id", "slug", "name"), ((i, f, self.tax.family_name[f]) for f, i in self.role_family_ids.items()))
        # Role ids were planned as 1..n: offset them by what the table already used.
        offset = self._ids(Role, len(self.role_by_id)).start - 1
        for role in self.role_by_id.values():
            role.id += offset
        self.role_by_id = {r.id: r for r in self.role_by_id.values()}
        for p in self.people:
            p.targets = [t + offset for t in p.targets]
        for o in self.opportunities:
            o.role = o.role + offset if o.role else None
        self._insert(Role, ("id", "slug", "title", "family_id", "level", "description"), (
            (r.id, f"{r.family}-{r.level}", r.title, self.role_family_ids[r.family], r.level,
             f"Level {r.level} of the {self.tax.family_name[r.family]} track.")
            for r in self.role_by_id.values()
        ))
        role_skills = [(r.id, s, prof, ess) for r in self.role_by_id.values() for s, prof, ess in r.skills]
        ids = self._ids(RoleSkill, len(role_skills))
        self._insert(RoleSkill, ("id", "role_id", "skill_id", "proficiency", "is_essential"),
                     ((i, *row) for i, row in zip(ids, role_skills, strict=True)))

    def _write_people(self) -> None:
        rng, tax = self.rng, self.tax
        password = make_password(settings.TALENTLOOP["DEMO_PASSWORD"])  # hashed once for everyone
        for p, user_id, employee_id in zip(self.people, self._ids(User, self.n), self._ids(Employee, self.n), strict=True):
            p.user_id, p.id = user_id, employee_id
        admins = {"lod", "talent"}
        self._insert(User, (
            "id", "username", "first_name", "last_name", "email", "password", "is_staff", "is_superuser", "is_active",
            "date_joined", "last_login",
        ), (
            (p.user_id, p.username, p.first, p.last, f"{p.username}@{EMAIL_DOMAIN}", password, p.persona in admins, False,
             p.leave is None, _at(p.hire, rng), None)
            for p in self.people
        ))
        groups = {name: Group.objects.get_or_create(name=name)[0].pk for name in (LOD_ADMIN_GROUP, TALENT_ADMIN_GROUP)}
        memberships = [(self.persona["lod"].user_id, groups[LOD_ADMIN_GROUP]), (self.persona["talent"].user_id, groups[TALENT_ADMIN_GROUP])]
        ids = self._ids(User.groups.through, len(memberships))
        self._insert(User.groups.through, ("id", "user_id", "group_id"), ((i, *m) for i, m in zip(ids, memberships, strict=True)))

        def summary(p: _Person) -> str:
            if not p.persona and rng.random() >= 0.4:
                return ""
            held = ", ".join(tax.label[s] for s in list(p.skills)[:3])
            return f"{title(p)} in {self.departments[dept(p)]['name']}, working with {held}."

        # Today's job: after an internal move, the role taken (as record_internal_move leaves it).
        def title(p: _Person) -> str:
            return p.move.title if p.move else self._job_title(p)

        def role_id(p: _Person) -> int | None:
            if p.move is not None and p.move.role is not None:
                return p.move.role.id
            return self.roles[(p.family, p.level)].id if p.family else None

        def dept(p: _Person) -> int:
            return p.move.dept if p.move else p.dept

        def manager_id(p: _Person) -> int | None:
            manager = p.move.manager if p.move else p.manager
            return manager.id if manager else None

        self._insert(Employee, (
            "id", "public_id", "user_id", "job_title", "role_id", "department_id", "manager_id", "location_id", "work_mode",
            "hire_date", "leave_date", "weekly_hours_available", "summary", "can_post_opportunities", "open_to_opportunities",
            "profile_visibility", "share_skills_with_owners", "share_availability_with_owners",
            "share_aspirations_with_owners", "share_aspirations_with_manager", "created_at",
        ), (
            (p.id, self._uuid(), p.user_id, title(p), role_id(p), self.department_ids[dept(p)], manager_id(p),
             self.location_ids[p.location], str(p.work_mode),
             p.hire, p.leave, p.hours, summary(p), p.can_post, p.open, str(p.visibility), True, True,
             p.share_aspirations_owners, p.share_aspirations_manager, _at(p.hire, rng))
            for p in self.people
        ))

    def _write_skills(self) -> None:
        """Employee skills and their evidence, written a few thousand people at a time. The skills observed in
        completions come last, moving the held level by the rule of people/proficiency.py as record_observed_skill does."""
        rng, tax = self.rng, self.tax
        sources = _Weighted([(str(s), w) for s, w in EVIDENCE_SOURCES])
        verifying = {str(s) for s in VERIFIED_SOURCES}
        notes = {str(k): v for k, v in EVIDENCE_NOTES.items()}
        manager_assessed, self_declared, peer = str(E.MANAGER_ASSESSED), str(E.SELF_DECLARED), str(E.PEER_ENDORSEMENT)
        credential = str(E.CREDENTIAL)
        learned_source, completion_source = str(E.ASSESSMENT), str(E.LEARNING_COMPLETION)
        evidence_count = _Weighted([(1, 70), (2, 25), (3, 5)])
        planned = sum(len(p.skills) for p in self.people)
        observed_count = sum(len(seen) for seen in self.observations.values())
        observed_count += sum(len(learned) for learned in self.learned.values())
        # At most one skill per observation (or learning) is new; evidence: at most three planned per skill, one per
        # observation or learning.
        es_ids = iter(self._ids(EmployeeSkill, planned + observed_count))
        ev_ids = iter(self._ids(SkillEvidence, 3 * planned + observed_count))
        es_rows: list[tuple] = []
        ev_rows: list[tuple] = []
        es_fields = ("id", "employee_id", "skill_id", "proficiency", "verified")
        ev_fields = ("id", "employee_skill_id", "source", "proficiency", "observed_on", "link", "note", "verified",
                     "recorded_by_id", "created_at")
        employee = self.persona["employee"]
        people = self.people

        def observe(es_id: int, held: int | None, pieces: list[tuple[int, bool]], seen: tuple) -> int:
            at, _, level, source, verified, opp = seen
            held_is_verified = held is not None and any(v and pr >= held for pr, v in pieces)
            owner = opp.owner
            note = f"{OPPORTUNITY_TYPE_LABELS[opp.type]} “{opp.title}”, rated by {owner.first} {owner.last}"
            ev_rows.append((next(ev_ids), es_id, source, level, at.date(), f"/opportunities/{opp.public_id}/", note[:500],
                            verified and source in verifying, owner.user_id, at))
            pieces.append((level, verified))
            return level_after_observation(held, level, held_is_verified=held_is_verified)

        def learn(es_id: int, held: int | None, pieces: list[tuple[int, bool]], learned: tuple) -> int:
            """A completion or a pass, as learning.services.record_result writes it (rules in learning/rules.py)."""
            at, sid, target, record = learned
            item = record.item
            assessing = item.assessing
            level = (learning_rules.level_after_pass if assessing else learning_rules.level_after_completion)(held, target)
            verb = "passed" if assessing else "completed"
            note = f"{ItemKind(item.kind).label.capitalize()} {verb}: {item.title}"
            ev_rows.append((next(ev_ids), es_id, learned_source if assessing else completion_source, target, at.date(),
                            item.url, note[:500], assessing, None, at))
            pieces.append((target, assessing))
            record.levels[tax.slug[sid]] = level
            return level

        def follow(es_id: int, held: int | None, pieces: list[tuple[int, bool]], entry: tuple) -> int:
            return observe(es_id, held, pieces, entry) if len(entry) == 6 else learn(es_id, held, pieces, entry)

        for p in people:
            last = p.leave or AS_OF
            span = max(1, (last - p.hire).days)
            forced = [manager_assessed, self_declared] if p is employee else []
            observations: dict[int, list[tuple]] = {}  # by skill, in time order
            first_rated: dict[int, date] = {}
            if p.index in self.observations or p.index in self.learned:
                # Learning on a skill comes before its first rating in an opportunity (planned so): one time order.
                entries = [*self.learned.get(p.index, ()), *self.observations.get(p.index, ())]
                for seen in sorted(entries, key=lambda o: o[0]):
                    observations.setdefault(seen[1], []).append(seen)
                first_rated = {sid: seen[0][0].date() - timedelta(days=1) for sid, seen in observations.items()}
            for sid, prof in p.skills.items():
                es_id = next(es_ids)
                pieces: list[tuple[int, bool]] = []
                for j in range(evidence_count.pick(rng)):
                    source = forced.pop(0) if forced and j == 0 else sources.pick(rng)
                    is_verified = source in verifying
                    # The first piece backs the planned proficiency and is recent; any others are older and may be
                    # lower; all come before the skill was first rated in an opportunity.
                    observed = last - timedelta(days=rng.randrange(min(span, 365)) if j == 0 else rng.randrange(span))
                    if sid in first_rated:
                        observed = max(p.hire, min(observed, first_rated[sid]))
                    at = _at(observed, rng)
                    if source == manager_assessed:
                        manager = p.manager_at(at) if p.move else p.manager
                        recorded_by = manager.user_id if manager else None
                    elif source == self_declared:
                        recorded_by = p.user_id
                    elif source == peer:
                        recorded_by = rng.choice(people).user_id
                    else:
                        recorded_by = None
                    level = prof if j == 0 else _clamp(prof - rng.randint(0, 1))
                    ev_rows.append((
                        next(ev_ids), es_id, source, level, observed,
                        f"https://credentials.{EMAIL_DOMAIN}/{p.username}/{tax.slug[sid]}" if source == credential else "",
                        notes.get(source, ""), is_verified, recorded_by, at,
                    ))
                    pieces.append((level, is_verified))
                held = prof
                for seen in observations.pop(sid, ()):
                    held = follow(es_id, held, pieces, seen)
                es_rows.append((es_id, p.id, sid, held, any(v for _, v in pieces)))
            for sid, seen_all in observations.items():  # skills first shown in an opportunity
                es_id = next(es_ids)
                pieces = []
                held_or_none: int | None = None
                for seen in seen_all:
                    held_or_none = follow(es_id, held_or_none, pieces, seen)
                es_rows.append((es_id, p.id, sid, held_or_none, any(v for _, v in pieces)))
            if len(ev_rows) >= BATCH_SIZE:
                self._insert(EmployeeSkill, es_fields, es_rows)
                self._insert(SkillEvidence, ev_fields, ev_rows)
                es_rows.clear()
                ev_rows.clear()
        self._insert(EmployeeSkill, es_fields, es_rows)
        self._insert(SkillEvidence, ev_fields, ev_rows)

    def _write_aspirations(self) -> None:
        with_aspiration = [p for p in self.people if p.has_aspiration]
        ids = dict(zip((p.index for p in with_aspiration), self._ids(Aspiration, len(with_aspiration)), strict=True))
        self._insert(Aspiration, ("id", "employee_id", "opportunity_types", "work_modes", "open_to_relocation"), (
            (ids[p.index], p.id, [str(t) for t in p.wants_types], [str(m) for m in p.wants_modes], p.relocate)
            for p in with_aspiration
        ))
        for through, column, attr in ((Aspiration.target_roles.through, "role_id", "targets"),
                                      (Aspiration.skills_to_grow.through, "skill_id", "grow")):
            pairs = [(ids[p.index], x) for p in with_aspiration for x in getattr(p, attr)]
            row_ids = self._ids(through, len(pairs))
            self._insert(through, ("id", "aspiration_id", column), ((i, *pair) for i, pair in zip(row_ids, pairs, strict=True)))

    def _write_marketplace(self) -> None:
        rng = self.rng
        talent_admin = self.persona["talent"]
        for o, opp_id in zip(self.opportunities, self._ids(Opportunity, len(self.opportunities)), strict=True):
            o.id = opp_id
        self._insert(Opportunity, (
            "id", "public_id", "type", "title", "description", "owner_id", "department_id", "role_id", "hours_per_week",
            "start_date", "end_date", "seats", "location_id", "work_mode", "status", "total_hours", "mentorship_direction",
            "topics", "reverse_mentoring", "approved_hours_per_week", "published_at", "closed_at", "created_at",
        ), (
            (o.id, o.public_id, str(o.type), o.title, o.description, o.owner.id, self.department_ids[o.owner.dept_at(o.created_at)],
             o.role, o.hours, o.start, o.end, o.seats, None if o.location is None else self.location_ids[o.location],
             str(o.work_mode), str(o.status), o.total_hours, str(o.direction), o.topics, o.reverse, o.approved_hours,
             o.published_at, o.closed_at, o.created_at)
            for o in self.opportunities
        ))
        needs = [(o.id, s, str(need), level) for o in self.opportunities for s, need, level in o.needs]
        ids = self._ids(OpportunitySkill, len(needs))
        self._insert(OpportunitySkill, ("id", "opportunity_id", "skill_id", "need", "level"),
                     ((i, *row) for i, row in zip(ids, needs, strict=True)))
        history = [(o, *change) for o in self.opportunities for change in o.history]
        ids = self._ids(OpportunityStatusChange, len(history))

        def actor_of(o: _Opportunity, actor: OpportunityActor, who: _Person | None, at: datetime) -> _Person | None:
            # The approver is the owner's line manager at the time (moves were planned after the opportunities).
            return o.owner.manager_at(at) if actor == OpportunityActor.APPROVER else who

        self._insert(OpportunityStatusChange, ("id", "opportunity_id", "from_status", "to_status", "actor_id", "actor_role", "reason", "at"), (
            (i, o.id, str(frm), to, (actor_of(o, actor, who, at) or talent_admin).user_id, str(actor), reason, at)  # no manager: a talent admin
            for i, (o, frm, to, actor, who, reason, at) in zip(ids, history, strict=True)
        ))

        app_ids = self._ids(Application, len(self.applications))
        change_ids = iter(self._ids(ApplicationStatusChange, sum(len(a.path) + len(a.events) for a in self.applications)))
        apps: list[tuple] = []
        changes: list[tuple] = []
        move = str(ChangeEvent.MOVE)
        def user_of(a: _Application, actor: Actor, at: datetime) -> int | None:
            if actor == Actor.APPLICANT:
                return a.applicant.user_id
            if actor == Actor.OWNER:
                return a.opportunity.owner.user_id
            if actor == Actor.SYSTEM:
                return None
            # The release is decided by the line manager of the time, or after an escalation by whom it went to.
            if a.escalated_at is not None and at > a.escalated_at:
                return (a.escalated_to or talent_admin).user_id
            manager = a.applicant.manager_at(at)
            return manager.user_id if manager else None

        for app_id, a in zip(app_ids, self.applications, strict=True):
            a.id = app_id
            person = a.applicant
            rows: list[tuple[datetime, int, tuple]] = []
            reason = previous = ""
            for status, actor, at in zip(a.path, a.actors, a.times, strict=True):
                reason = rng.choice(REASONS.get((status, actor), ("",)))
                rows.append((at, 1, (previous, str(status), user_of(a, actor, at), str(actor), reason, move, at)))
                previous = str(status)
            for at, status, event, actor, why in a.events:
                rows.append((at, 0, (str(status), str(status), user_of(a, actor, at), str(actor), why, str(event), at)))
            rows.sort(key=lambda r: (r[0], r[1]))
            changes += [(next(change_ids), app_id, *row) for _, _, row in rows]
            approver = None
            if a.release_required:
                if a.escalated_at is not None:
                    approver = a.escalated_to.id if a.escalated_to else None
                else:
                    manager = person.manager_at(a.at(S.OFFERED))
                    approver = manager.id if manager else None
            apps.append((
                app_id, self._uuid(), a.opportunity.id, person.id, str(a.path[-1]), a.message,
                reason if a.path[-1] == S.DECLINED else "", a.share_with_manager, a.times[0], a.times[-1],
                a.release_required, approver, a.escalated_at,
            ))
        self._insert(Application, (
            "id", "public_id", "opportunity_id", "applicant_id", "status", "message", "decision_reason", "share_with_manager",
            "created_at", "status_changed_at", "release_required", "release_approver_id", "release_escalated_at",
        ), apps)
        self._insert(ApplicationStatusChange, (
            "id", "application_id", "from_status", "to_status", "actor_id", "actor_role", "reason", "event", "at",
        ), changes)

    def _write_completions(self) -> None:
        """Both sides' confirmations with the owner's ratings, and the sessions of mentorships."""
        done = [a for a in self.applications if a.completion is not None]
        completion_ids = self._ids(Completion, len(done))
        rows, ratings = [], []
        for completion_id, a in zip(completion_ids, done, strict=True):
            c = a.completion
            assert c is not None
            rows.append((completion_id, a.id, c.hours, c.endorsement, c.owner_at,
                         a.opportunity.owner.user_id if c.owner_at else None, c.participant_at, c.completed_at))
            ratings += [(completion_id, sid, level) for sid, level in c.ratings]
        self._insert(Completion, ("id", "application_id", "hours", "endorsement", "owner_confirmed_at", "owner_confirmed_by_id",
                                  "participant_confirmed_at", "completed_at"), rows)
        ids = self._ids(SkillRating, len(ratings))
        self._insert(SkillRating, ("id", "completion_id", "skill_id", "level"), ((i, *r) for i, r in zip(ids, ratings, strict=True)))
        sessions = [(a.id, *session) for a in self.applications for session in a.sessions]
        ids = self._ids(MentorshipSession, len(sessions))
        self._insert(MentorshipSession, ("id", "application_id", "held_on", "minutes", "notes", "logged_by_id", "created_at"), (
            (i, app_id, held_on, minutes, notes, by.user_id, at)
            for i, (app_id, held_on, minutes, notes, by, at) in zip(ids, sessions, strict=True)
        ))

    def _write_role_changes(self) -> None:
        """The internal moves into permanent roles, on the profiles' timelines."""
        moved = [p for p in self.people if p.move is not None]
        ids = self._ids(RoleChange, len(moved))
        self._insert(RoleChange, (
            "id", "employee_id", "effective_on", "from_job_title", "to_job_title", "from_role_id", "to_role_id",
            "from_department_id", "to_department_id", "reason", "recorded_at",
        ), (
            (i, p.id, m.at.date(), m.from_title, m.title, m.from_role.id if m.from_role else None, m.role.id if m.role else None,
             self.department_ids[m.from_dept], self.department_ids[m.dept], m.reason, m.at)
            for i, p in zip(ids, moved, strict=True) if (m := p.move) is not None
        ))

    def _write_learning(self) -> None:
        """The catalog, the records with their events (the levels their evidence reached, filled by _write_skills),
        the pathways and the achievements."""
        rng = self.lrng
        for item, item_id in zip(self.items, self._ids(LearningItem, len(self.items)), strict=True):
            item.id = item_id
        created = AS_OF_AT - timedelta(days=365 * LEARNING_YEARS + 30)
        self._insert(LearningItem, (
            "id", "public_id", "slug", "title", "description", "kind", "provider", "url", "duration_minutes", "format",
            "compliance", "activity_id", "is_active", "created_at",
        ), (
            (i.id, uuid.UUID(int=rng.getrandbits(128), version=4), i.slug, i.title, i.description, str(i.kind), i.provider,
             i.url, i.minutes, str(i.format), i.compliance, i.activity_id, True, created)
            for i in self.items
        ))
        taught = [(i.id, sid, level) for i in self.items for sid, level in i.skills]
        ids = self._ids(LearningItemSkill, len(taught))
        self._insert(LearningItemSkill, ("id", "item_id", "skill_id", "target_level"),
                     ((k, *row) for k, row in zip(ids, taught, strict=True)))
        for record, record_id in zip(self.records, self._ids(LearningRecord, len(self.records)), strict=True):
            record.id = record_id
        self._insert(LearningRecord, (
            "id", "public_id", "employee_id", "item_id", "status", "progress", "score", "enrolled_at", "completed_at", "source",
            "updated_at",
        ), (
            (r.id, uuid.UUID(int=rng.getrandbits(128), version=4), r.person.id, r.item.id, r.status, r.progress, r.score,
             r.enrolled_at, r.completed_at, r.source, r.events[-1][4])
            for r in self.records
        ))
        ids = self._ids(LearningRecordEvent, sum(len(r.events) for r in self.records))
        evidence_outcome = {"completed", "passed"}

        def events() -> Iterable[tuple]:
            event_ids = iter(ids)
            for r in self.records:
                for outcome, status, progress, score, at in r.events:
                    # The evidence's levels go on the event that first gave it (a teaching item's completion, a pass).
                    levels = r.levels if outcome in evidence_outcome and learning_rules.gives_evidence(
                        status, assessing=r.item.assessing) else {}
                    yield next(event_ids), r.id, outcome, status, progress, score, at, r.source, dict(sorted(levels.items())), at

        self._insert(LearningRecordEvent, ("id", "record_id", "outcome", "status", "progress", "score", "at", "source",
                                           "evidence_levels", "recorded_at"), events())
        ids = self._ids(Pathway, len(self.pathways))
        self._insert(Pathway, ("id", "employee_id", "role_id", "started_at", "initial_steps"), (
            (k, pw.person.id, pw.role.id, pw.started_at, pw.initial_steps) for k, pw in zip(ids, self.pathways, strict=True)
        ))
        self._write_achievements()

    def _write_achievements(self) -> None:
        """A handful of achievements: Maya's (her passed assessment meets it), Python and SQL when the taxonomy has
        them, and the most held skills at practitioner level."""
        tax, rng = self.tax, self.lrng
        by_slug = {slug: sid for sid, slug in tax.slug.items()}
        wanted: dict[int, int] = {}
        if self.maya_assessment is not None:
            sid, level = self.maya_assessment.skills[0]
            wanted[sid] = level
        for slug, lvl in ACHIEVEMENTS:
            if slug in by_slug:
                wanted.setdefault(by_slug[slug], lvl)
        held = Counter(s for p in self.people for s, prof in p.skills.items() if prof >= 3)
        for s, _ in sorted(held.items(), key=lambda kv: (-kv[1], tax.slug[kv[0]]))[:MOST_HELD_ACHIEVEMENTS]:
            wanted.setdefault(s, 3)
        rows = []
        for (s, lvl), pk in zip(wanted.items(), self._ids(Achievement, len(wanted)), strict=True):
            label, level_name = tax.label[s], Proficiency(lvl).label
            name = ACHIEVEMENT_NAMES[lvl].format(s=label)
            rows.append((
                pk, uuid.UUID(int=rng.getrandbits(128), version=4), name,
                f"Holds {label} at level {lvl} ({level_name}), shown by verified evidence.",
                f"Verified evidence of {label} at level {lvl} ({level_name}) or above: a passed assessment or "
                "micro-certification, a manager's assessment, gig feedback, or an earlier credential.",
                s, lvl, default_evidence_sources(), "", True, AS_OF_AT - timedelta(days=365),
            ))
        self._insert(Achievement, ("id", "public_id", "name", "description", "criteria_narrative", "skill_id", "level",
                                   "evidence_sources", "image_url", "is_active", "created_at"), rows)

    def _issue_credentials(self) -> None:
        """Credentials for at most CREDENTIALS_AT_MOST people who meet an achievement (Maya first), issued and signed
        by the credentials service itself, so they are exactly what the organisation would issue. Each is issued
        when the person first met its criteria (credentials/criteria.py: one piece of qualifying verified evidence,
        so the earliest such piece's created_at), or when the achievement was created if they met them before; not
        on the day the demo is generated, never before the hire nor after now. One query per achievement, then one
        issuance per person and moment."""
        criteria = list(Achievement.objects.filter(is_active=True).values_list("skill_id", "level", "evidence_sources", "created_at"))
        met: dict[int, set[datetime]] = {}  # employee id -> the moments they first met an achievement
        for skill_id, level, sources, created in criteria:
            first_met = SkillEvidence.objects.filter(
                employee_skill__skill_id=skill_id, proficiency__gte=level, source__in=sources, verified=True,
                employee_skill__employee__leave_date__isnull=True,
            ).order_by().values("employee_skill__employee_id").annotate(first=models.Min("created_at"))
            for employee_id, first in first_met.values_list("employee_skill__employee_id", "first"):
                met.setdefault(employee_id, set()).add(max(first, created))
        maya = self.persona["employee"].id
        others = sorted(set(met) - {maya})
        chosen = ([maya] if maya in met else []) + self.lrng.sample(others, min(len(others), CREDENTIALS_AT_MOST - 1))
        hired = {p.id: timezone.make_aware(datetime.combine(p.hire, datetime.min.time())) for p in self.people}
        now = timezone.now()
        issued = 0
        service_log = logging.getLogger("talentloop.credentials.services")
        was_disabled, service_log.disabled = service_log.disabled, True  # one summary line, not a line per credential
        try:
            for employee_id in chosen:
                # In time order: each call issues what the evidence recorded by its moment earns. Credentials are
                # dated in whole seconds: the second after the evidence, when it was recorded within one.
                for moment in sorted(met[employee_id]):
                    at = min(max(_second_up(moment), hired[employee_id]), now)
                    issued += len(credentials_api.issue_now(employee_id, issued_at=at))
        finally:
            service_log.disabled = was_disabled
        self.counts[Credential._meta.label] = issued
        self.say(f"issued {issued:,} credentials to {len(chosen):,} people")

    def _write_demographics(self) -> None:
        """Synthetic, optional demographic data for the bias audit: some never answered (no row), some skipped a
        question (blank). Drawn from a generator of its own so that the rest of the organisation stays as it was."""
        rng = Random(f"demographics-{self.seed}")
        sexes = _Weighted([(str(v), w) for v, w in DEMOGRAPHIC_SEX])
        races = _Weighted([(str(v), w) for v, w in DEMOGRAPHIC_RACE_ETHNICITY])
        rows = []
        for p in self.people:
            if rng.random() < DEMOGRAPHIC_NO_ANSWER:
                continue
            sex = "" if rng.random() < DEMOGRAPHIC_SKIPPED_SEX else sexes.pick(rng)
            race = "" if rng.random() < DEMOGRAPHIC_SKIPPED_RACE_ETHNICITY else races.pick(rng)
            rows.append((p.id, sex, race))
        ids = self._ids(Demographic, len(rows))
        self._insert(Demographic, ("id", "employee_id", "sex", "race_ethnicity"),
                     ((i, *row) for i, row in zip(ids, rows, strict=True)))

    def _write_exposures(self) -> None:
        """The candidate lists owners were shown (record_exposure: the top 10 for an opportunity, at a time): once
        after publishing, sometimes again before closing; people who opted in and were employed then, the people
        invited among them, ranked by how well they hold the skills asked (with noise, as the matching engine's other
        signals would move them). Drawn from a generator of its own so that the rest of the organisation stays as it
        was."""
        rng = Random(f"exposures-{self.seed}")
        invited: dict[int, list[_Person]] = {}
        for a in self.applications:
            if a.path[0] == S.INVITED:
                invited.setdefault(a.opportunity.index, []).append(a.applicant)
        open_holders = {sid: [p for p in people if p.open] for sid, people in self.holders.items()}
        rows = []
        for o in self.opportunities:
            if o.published_at is None:
                continue
            until = o.closed_at or AS_OF_AT
            asked = [(sid, level) for sid, need, level in o.needs if need == SkillNeed.REQUIRED] or [(sid, level) for sid, _, level in o.needs]
            for k in range(1 if rng.random() < 0.75 else 2):
                shown = o.published_at + (until - o.published_at) * (rng.uniform(0, 0.3) if k == 0 else rng.uniform(0.3, 0.9))
                pool = {p.index: p for p in invited.get(o.index, ())}
                for sid, _ in asked[:3]:
                    holders = open_holders.get(sid)
                    if holders:
                        for p in rng.choices(holders, k=EXPOSURE_SAMPLE):
                            pool.setdefault(p.index, p)
                day = shown.date()
                scored = []
                for p in pool.values():
                    if p is not o.owner and p.hire < day and (p.leave is None or p.leave >= day):
                        held = p.skills
                        fit = sum(min(held.get(sid, 0), level) for sid, level in asked)
                        scored.append((-fit - 2 * rng.random(), p.index, p))
                scored.sort()
                rows += [(o.id, p.id, rank, shown) for rank, (_, _, p) in enumerate(scored[:EXPOSURE_K], start=1)]
        ids = self._ids(RecommendationExposure, len(rows))
        self._insert(RecommendationExposure, ("id", "opportunity_id", "employee_id", "rank", "shown_at"),
                     ((i, *row) for i, row in zip(ids, rows, strict=True)))

    def summary(self, seconds: float) -> DemoSummary:
        opp_types = {str(t): 0 for t in T}
        for o in self.opportunities:
            opp_types[str(o.type)] += 1
        app_statuses = {str(s): 0 for s in S}
        for a in self.applications:
            app_statuses[str(a.path[-1])] += 1
        return DemoSummary(
            seed=self.seed, employees=len(self.people), leavers=sum(1 for p in self.people if p.leave),
            departments=len(self.departments), locations=len(LOCATIONS), role_families=len(self.role_families),
            roles=len(self.roles), skills=len(self.tax.ids), employee_skills=self.counts.get(EmployeeSkill._meta.label, 0),
            evidence=self.counts.get(SkillEvidence._meta.label, 0), aspirations=self.counts.get(Aspiration._meta.label, 0),
            opportunities=opp_types, applications=app_statuses,
            status_changes=self.counts.get(ApplicationStatusChange._meta.label, 0), seconds=seconds,
            demographics=self.counts.get(Demographic._meta.label, 0),
            opportunity_changes=self.counts.get(OpportunityStatusChange._meta.label, 0),
            completions=self.counts.get(Completion._meta.label, 0), skill_ratings=self.counts.get(SkillRating._meta.label, 0),
            sessions=self.counts.get(MentorshipSession._meta.label, 0), role_changes=self.counts.get(RoleChange._meta.label, 0),
            learning_items=len(self.items), compliance_items=len(self.compliance_items), learning_records=len(self.records),
            learning_events=self.counts.get(LearningRecordEvent._meta.label, 0), pathways=len(self.pathways), achievements=self.counts.get(Achievement._meta.label, 0),
            credentials=self.counts.get(Credential._meta.label, 0),
            password=settings.TALENTLOOP["DEMO_PASSWORD"],
        )
