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
import time
import uuid
from collections import deque
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

from talentloop.accounts.personas import LOD_ADMIN_GROUP, TALENT_ADMIN_GROUP
from talentloop.fairness.models import Demographic, RaceEthnicity, RecommendationExposure, Sex
from talentloop.marketplace.lifecycle import (
    HOLDS_SEAT,
    NEEDS_RELEASE,
    Actor,
    ApplicationStatus,
    OpportunityStatus,
    OpportunityType,
    allowed_moves,
)
from talentloop.marketplace.models import (
    Application,
    ApplicationStatusChange,
    Opportunity,
    OpportunitySkill,
    SkillNeed,
)
from talentloop.matching import stamps
from talentloop.people.models import (
    VERIFIED_SOURCES,
    Aspiration,
    Department,
    Employee,
    EmployeeSkill,
    EvidenceSource,
    Location,
    ProfileVisibility,
    SkillEvidence,
    WorkMode,
)
from talentloop.roles.models import Role, RoleFamily, RoleSkill
from talentloop.skills.models import RelatedSkill, Skill, SkillCategory
from talentloop.skills.starter import load_starter_taxonomy

S = ApplicationStatus
T = OpportunityType
E = EvidenceSource

# Every date of the demo is relative to this day, never to today, so a seed always gives the same organisation.
AS_OF = date(2026, 11, 1)
AS_OF_AT = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
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
    DemoPersona("employee", "employee", "Maya: her profile, opportunities that use her skills, applications (a gig offer awaits her manager's release)"),
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
            f"  {self.status_changes:,} application status changes",
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
    T.MENTORSHIP: ("Mentorship in {skill}", "Learn {skill} with a {title}", "{skill} mentoring circle"),
    T.JOB_SHADOWING: ("Shadow a {title}", "A week with the {dept} team", "Job shadowing: {title}"),
    T.FREELANCE: ("Part-time {skill} support for {dept}", "{skill} freelancer for the {task}", "Internal freelance: {task}"),
    T.PERMANENT_ROLE: ("{role}",),
}
APPLICATION_MESSAGES = (
    "I'd love to help with this.", "This fits what I want to learn next.", "I have done something similar before.",
    "Happy to start whenever suits you.", "",
)
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
OPPORTUNITY_STATUSES = ((OpportunityStatus.OPEN, 70), (OpportunityStatus.DRAFT, 8), (OpportunityStatus.CLOSED, 17), (OpportunityStatus.CANCELLED, 5))
APPLICATIONS_PER_OPPORTUNITY = {
    OpportunityStatus.OPEN: ((0, 10), (1, 15), (2, 20), (3, 20), (4, 15), (5, 12), (6, 8)),
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
    (S.COMPLETED, Actor.OWNER): ("Delivered; feedback recorded.",),
    (S.RELEASED, Actor.LINE_MANAGER): ("Time released.",),
}
EVIDENCE_SOURCES = (
    (E.SELF_DECLARED, 40), (E.MANAGER_ASSESSED, 16), (E.PEER_ENDORSEMENT, 12), (E.LEARNING_COMPLETION, 12),
    (E.ASSESSMENT, 8), (E.CREDENTIAL, 5), (E.GIG_FEEDBACK, 7),
)
EVIDENCE_NOTES = {
    E.MANAGER_ASSESSED: "Annual review", E.PEER_ENDORSEMENT: "Endorsed by a colleague",
    E.LEARNING_COMPLETION: "Course completed", E.ASSESSMENT: "Skills assessment", E.GIG_FEEDBACK: "Owner's rating after a gig",
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
    id: int = 0  # primary keys, assigned just before writing
    user_id: int = 0

    @property
    def eligible(self) -> bool:
        """May apply to opportunities: a current employee with a line manager."""
        return self.leave is None and self.manager is not None


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
    needs: list[tuple[int, str, int]] = field(default_factory=list)  # skill id, need, level
    applicants: set[int] = field(default_factory=set)
    seats_taken: int = 0
    persona: bool = False
    id: int = 0


@dataclass(slots=True)
class _Application:
    opportunity: _Opportunity
    applicant: _Person
    path: list[S]
    actors: list[Actor]
    times: list[datetime]
    message: str = ""
    share_with_manager: bool = False


class _Weighted:
    """A fixed weighted choice, with the cumulative weights computed once."""

    def __init__(self, pairs: Sequence[tuple[Any, int]]):
        self.values = [v for v, _ in pairs]
        self.cum = list(itertools.accumulate(w for _, w in pairs))
        self.total = self.cum[-1]

    def pick(self, rng: Random) -> Any:
        return self.values[bisect.bisect_right(self.cum, rng.random() * self.total)]


def _clamp(value: int, low: int = 1, high: int = 5) -> int:
    return low if value < low else high if value > high else value


def _at(day: date, rng: Random) -> datetime:
    """A time during the working day."""
    return datetime(day.year, day.month, day.day, 8, 0, tzinfo=UTC) + timedelta(minutes=rng.randrange(0, 600))


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
    return any(m.objects.exists() for m in (Employee, Department, Location, Role, RoleFamily, Opportunity))


def wipe_demo() -> None:
    """Delete the organisation (marketplace, people, roles, departments, locations, non-superuser users).

    The skills taxonomy stays. Leaves go first, so most tables go with one DELETE each.
    """
    with transaction.atomic():
        for model in (RecommendationExposure, Demographic, ApplicationStatusChange, Application, OpportunitySkill, Opportunity,
                      Aspiration.target_roles.through, Aspiration.skills_to_grow.through, Aspiration,
                      SkillEvidence, EmployeeSkill):
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
        self.say(f"planned {len(self.opportunities):,} opportunities and {len(self.applications):,} applications")

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
            span=self.rng.randint(5, 10), is_head=is_head,
        )
        if manager is not None:
            manager.reports.append(person)
        self.people.append(person)
        return person

    def _plan_people(self) -> None:
        """CEO → heads of department → managers → staff, each manager with a span of 5-10."""
        rng = self.rng
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
        protected = {p.index for p in self.persona["manager"].reports} | {p.index for p in self.persona.values()}
        for p in self.people:
            if not p.persona:
                p.first = rng.choice(FIRST_NAMES)
                p.last = rng.choice(LAST_NAMES)
                p.username = f"{p.first}.{p.last}.{p.index + 1}".lower().replace(" ", "")
            tenure = int(rng.triangular(20, 15 * 365, 200 + p.level * 450))
            if p.manager is None:
                tenure = 12 * 365 + rng.randrange(200)
            p.hire = AS_OF - timedelta(days=tenure)
            if not p.reports and p.index not in protected and tenure > 120 and rng.random() < 0.035:
                p.leave = p.hire + timedelta(days=rng.randint(90, tenure - 1))
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
        # Persona opportunities first: a gig offered to Maya (awaiting release), a project she applied to,
        # a mentorship she completed, and four open ones of the owner's that suit her.
        self.gig_offered = self._suited(T.GIG, rng.choice(others), employee, hours=4, seats=2)
        self.project_applied = self._suited(T.PROJECT, rng.choice(others), employee, hours=6)
        self.mentorship_done = self._suited(T.MENTORSHIP, rng.choice(others), employee, hours=2, status=OpportunityStatus.CLOSED)
        self.owner_open = [
            self._suited(t, owner, employee, hours=h) for t, h in ((T.GIG, 4), (T.PROJECT, 6), (T.MENTORSHIP, 2), (T.FREELANCE, 6))
        ]
        types = _Weighted(TYPE_WEIGHTS)
        statuses = _Weighted(OPPORTUNITY_STATUSES)
        must_types = [t for t in T if t not in {o.type for o in self.opportunities}]
        # Even a small organisation has open opportunities to apply to and closed ones that people work on.
        must_statuses = [OpportunityStatus.OPEN, OpportunityStatus.CLOSED, OpportunityStatus.OPEN, OpportunityStatus.OPEN,
                         OpportunityStatus.CLOSED]
        while len(self.opportunities) < self.n_opportunities:
            otype = must_types.pop(0) if must_types else types.pick(rng)
            status = must_statuses.pop(0) if must_statuses else statuses.pick(rng)
            poster = rng.choice(posters)
            if otype == T.PERMANENT_ROLE and not poster.reports:
                poster = poster.manager if poster.manager is not None and poster.manager.manager is not None else poster
            self._random_opportunity(otype, status, poster)

    def _add_opportunity(self, otype: T, status: OpportunityStatus, owner: _Person) -> _Opportunity:
        rng = self.rng
        opp = _Opportunity(index=len(self.opportunities), type=otype, status=status, owner=owner)
        opp.hours = rng.randint(*HOURS[otype])
        opp.seats = _Weighted(SEATS[otype]).pick(rng)
        opp.work_mode = _Weighted(WORK_MODES[otype]).pick(rng)
        opp.location = None if opp.work_mode == WorkMode.REMOTE else owner.location
        duration = DURATION_DAYS.get(otype)
        if status == OpportunityStatus.OPEN:
            published = AS_OF - timedelta(days=rng.randint(1, 45))
            opp.start = AS_OF + timedelta(days=rng.randint(7, 60))
        elif status == OpportunityStatus.DRAFT:
            published = None
            opp.start = AS_OF + timedelta(days=rng.randint(21, 90))
        elif status == OpportunityStatus.CLOSED:
            published = AS_OF - timedelta(days=rng.randint(90, 720))
            opp.start = published + timedelta(days=rng.randint(14, 45))
            opp.closed_at = _at(published + timedelta(days=rng.randint(7, 13)), rng)
        else:
            published = AS_OF - timedelta(days=rng.randint(10, 300)) if rng.random() < 0.7 else None
            opp.start = (published or AS_OF) + timedelta(days=rng.randint(20, 60))
            opp.closed_at = _at((published or AS_OF - timedelta(days=30)) + timedelta(days=rng.randint(2, 9)), rng)
        opp.published_at = _at(published, rng) if published else None
        if duration is not None:
            opp.end = opp.start + timedelta(days=rng.randint(*duration))
        self.opportunities.append(opp)
        return opp

    def _random_opportunity(self, otype: T, status: OpportunityStatus, owner: _Person) -> _Opportunity:
        rng, tax = self.rng, self.tax
        opp = self._add_opportunity(otype, status, owner)
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
        elif otype == T.MENTORSHIP:
            strongest = sorted(owner.skills, key=lambda s: (-owner.skills[s], s))[:4]
            needs += [(s, SkillNeed.REQUIRED, rng.randint(1, 2)) for s in take(pool, rng.randint(2, 3))]
            needs += [(s, SkillNeed.NICE_TO_HAVE, rng.randint(1, 3)) for s in take(pool, rng.randint(0, 2))]
            needs += [(s, SkillNeed.GROWTH, min(4, owner.skills[s])) for s in take(strongest, rng.randint(1, 2))]
        else:
            levels = {T.GIG: (2, 4), T.PROJECT: (2, 4), T.JOB_SHADOWING: (1, 3), T.FREELANCE: (3, 4)}[otype]
            needs += [(s, SkillNeed.REQUIRED, rng.randint(*levels)) for s in take(pool[:14], rng.randint(2, 6))]
            near = [r for s, _, _ in needs for r in tax.related.get(s, [])]
            needs += [(s, SkillNeed.NICE_TO_HAVE, rng.randint(1, 3)) for s in take(near or pool, rng.randint(0, 3))]
            needs += [(s, SkillNeed.GROWTH, rng.randint(1, 3)) for s in take(pool, rng.randint(0, 2))]
        opp.needs = needs
        self._describe(opp, needs[0][0])
        return opp

    def _suited(self, otype: T, owner: _Person, fan: _Person, *, hours: int, seats: int = 1,
                status: OpportunityStatus = OpportunityStatus.OPEN) -> _Opportunity:
        """An opportunity that suits `fan`: asks for skills she holds, at most at her level, and grows her aspirations."""
        rng = self.rng
        opp = self._add_opportunity(otype, status, owner)
        opp.persona, opp.hours, opp.seats = True, hours, seats
        opp.work_mode = rng.choice([WorkMode.REMOTE, WorkMode.HYBRID])
        opp.location = None if opp.work_mode == WorkMode.REMOTE else fan.location
        held = sorted(fan.skills, key=lambda s: (-fan.skills[s], s))
        required = rng.sample(held[:6], rng.randint(2, 3))
        needs = [(s, SkillNeed.REQUIRED, min(fan.skills[s], rng.randint(2, 3))) for s in required]
        nice = [s for s in held if s not in required]
        needs += [(s, SkillNeed.NICE_TO_HAVE, min(fan.skills[s], 2)) for s in rng.sample(nice, min(1, len(nice)))]
        growth = [s for s in fan.grow if s not in required][:2]
        needs += [(s, SkillNeed.GROWTH, 3) for s in growth if s not in {n[0] for n in needs}]
        opp.needs = needs
        self._describe(opp, required[0])
        return opp

    def _describe(self, opp: _Opportunity, skill: int) -> None:
        rng, tax = self.rng, self.tax
        dept = self.departments[opp.owner.dept]["name"]
        role_title = self.role_by_id[opp.role].title if opp.role else ""
        owner_title = self._job_title(opp.owner)
        task = rng.choice(TASKS)
        opp.title = rng.choice(TITLE_TEMPLATES[opp.type]).format(
            skill=tax.label[skill], dept=dept, task=task, title=owner_title, role=role_title,
        )[:200]
        opp.title = opp.title[0].upper() + opp.title[1:]
        asks = ", ".join(tax.label[s] for s, need, _ in opp.needs if need == SkillNeed.REQUIRED)
        grows = ", ".join(tax.label[s] for s, need, _ in opp.needs if need == SkillNeed.GROWTH)
        text = f"The {dept} team is looking for help with the {task}. You will bring {asks}"
        text += f" and grow {grows}." if grows else "."
        text += f" About {opp.hours} hours a week"
        text += f", from {opp.start:%d %B %Y}." if opp.start else "."
        opp.description = text

    def _job_title(self, p: _Person) -> str:
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
        for p in self.eligible:
            for sid in p.skills:
                self.holders.setdefault(sid, []).append(p)

        # Maya's own: offered on a gig (her manager must release the time), applied to a project, a mentorship done.
        self._apply(self.gig_offered, employee, S.OFFERED, via_shortlist=True)
        self._apply(self.project_applied, employee, S.APPLIED)
        self._apply(self.mentorship_done, employee, S.COMPLETED)
        for opp in (self.gig_offered, self.project_applied):
            self._apply_someone(opp, rng.choice([S.APPLIED, S.SHORTLISTED]))
        # The owner's open opportunities have people to shortlist and offer.
        for opp in self.owner_open:
            for status in [S.APPLIED, S.SHORTLISTED, *rng.sample([S.APPLIED, S.SHORTLISTED, S.INVITED], rng.randint(0, 2))]:
                self._apply_someone(opp, status)

        candidates = [o for o in self.opportunities if not o.persona]
        covered = {a.path[-1] for a in self.applications}
        for status in S:  # every status at least once, wherever it fits (Maya's gig and project as a last resort)
            if status in covered:
                continue
            for opp in [*candidates, self.gig_offered, self.project_applied]:
                if status in {S.ACTIVE, S.COMPLETED}:
                    fits = opp.status == OpportunityStatus.CLOSED
                elif status in {S.WITHDRAWN, S.DECLINED, S.EXPIRED}:
                    fits = opp.status in {OpportunityStatus.OPEN, OpportunityStatus.CLOSED}
                else:
                    fits = opp.status == OpportunityStatus.OPEN
                if not fits or (status == S.RELEASED and opp.type not in NEEDS_RELEASE):
                    continue
                if status in HOLDS_SEAT and opp.seats_taken >= opp.seats:
                    continue
                if self._apply_someone(opp, status):
                    covered.add(status)
                    break

        counts = {k: _Weighted(v) for k, v in APPLICATIONS_PER_OPPORTUNITY.items()}
        finals = {k: _Weighted(v) for k, v in FINAL_STATUSES.items()}
        for opp in candidates:
            if opp.status == OpportunityStatus.DRAFT:
                continue
            for _ in range(counts[opp.status].pick(rng)):
                status = finals[opp.status].pick(rng)
                if status == S.RELEASED and opp.type not in NEEDS_RELEASE:
                    status = S.ACCEPTED
                if status in HOLDS_SEAT and opp.seats_taken >= opp.seats:
                    status = rng.choice([S.APPLIED, S.DECLINED, S.WITHDRAWN]) if opp.status == OpportunityStatus.OPEN else S.DECLINED
                self._apply_someone(opp, status)

    def _apply_someone(self, opp: _Opportunity, status: S) -> bool:
        """Find a plausible applicant (often someone holding a required skill) and plan the application."""
        rng = self.rng
        invited = status == S.INVITED or rng.random() < 0.2
        required = [s for s, need, _ in opp.needs if need == SkillNeed.REQUIRED]
        for _ in range(25):
            if required and rng.random() < 0.6:
                pool = self.holders.get(rng.choice(required)) or self.eligible
            else:
                pool = self.open_pool if invited else self.eligible
            person = rng.choice(pool)
            if invited and not person.open:
                continue
            if person is opp.owner or person.index in opp.applicants:
                continue
            self._apply(opp, person, status, invited=invited)
            return True
        return False

    def _apply(self, opp: _Opportunity, person: _Person, final: S, *, invited: bool = False, via_shortlist: bool = False) -> None:
        rng = self.rng
        release = opp.type in NEEDS_RELEASE
        chain = ([S.INVITED] if invited or final == S.INVITED else []) + [S.APPLIED]
        if via_shortlist or final == S.SHORTLISTED or rng.random() < 0.7:
            chain.append(S.SHORTLISTED)
        chain += [S.OFFERED, *([S.RELEASED] if release else []), S.ACCEPTED, S.ACTIVE, S.COMPLETED]
        if final in chain:
            path = chain[: chain.index(final) + 1]
        else:  # withdrawn, declined or expired: leave the forward chain at a point that allows it
            exits = [s for s in chain if final in allowed_moves(s, needs_release=release)]
            stop = exits[min(int(rng.expovariate(0.9)), len(exits) - 1)]
            path = [*chain[: chain.index(stop) + 1], final]
        actors = [Actor.OWNER if path[0] == S.INVITED else Actor.APPLICANT]
        for before, after in itertools.pairwise(path):
            who = sorted(allowed_moves(before, needs_release=release)[after])
            if len(who) > 1 and Actor.LINE_MANAGER in who and not release:
                who.remove(Actor.LINE_MANAGER)  # nothing to release: the line manager has no say
            actors.append(rng.choice(who))
        times = self._times(opp, path)
        application = _Application(opp, person, path, actors, times)
        if S.APPLIED in path:
            application.message = rng.choice(APPLICATION_MESSAGES)
        application.share_with_manager = opp.type == T.PERMANENT_ROLE and rng.random() < 0.3
        opp.applicants.add(person.index)
        if final in HOLDS_SEAT:
            opp.seats_taken += 1
        self.applications.append(application)

    def _times(self, opp: _Opportunity, path: list[S]) -> list[datetime]:
        """Increasing times from after the opportunity's publication, none later than AS_OF."""
        rng = self.rng
        published = opp.published_at or AS_OF_AT - timedelta(days=60)
        first_by = opp.closed_at if opp.closed_at and opp.closed_at < AS_OF_AT else AS_OF_AT - timedelta(hours=1)
        start = published + (first_by - published) * rng.uniform(0.05, 0.6)
        gaps = [timedelta(days=rng.uniform(*STEP_DAYS.get(s, DEFAULT_STEP_DAYS))) for s in path[1:]]
        room = AS_OF_AT - start
        total = sum(gaps, timedelta())
        if total >= room:
            gaps = [g * (room / total) * 0.95 for g in gaps]
        times = [start]
        for gap in gaps:
            times.append(times[-1] + max(gap, timedelta(minutes=1)))
        return times

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
        self._write_structure()
        self._write_people()
        self.say(f"wrote {self.n:,} people")
        self._write_skills()
        self.say(f"wrote {self.counts[EmployeeSkill._meta.label]:,} employee skills and {self.counts[SkillEvidence._meta.label]:,} evidence")
        self._write_aspirations()
        self._write_marketplace()
        self.say(f"wrote {len(self.opportunities):,} opportunities and {len(self.applications):,} applications")
        self._write_demographics()
        reset_sequences(self.tables)

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
            return f"{self._job_title(p)} in {self.departments[p.dept]['name']}, working with {held}."

        self._insert(Employee, (
            "id", "public_id", "user_id", "job_title", "role_id", "department_id", "manager_id", "location_id", "work_mode",
            "hire_date", "leave_date", "weekly_hours_available", "summary", "can_post_opportunities", "open_to_opportunities",
            "profile_visibility", "share_skills_with_owners", "share_availability_with_owners",
            "share_aspirations_with_owners", "share_aspirations_with_manager", "created_at",
        ), (
            (p.id, self._uuid(), p.user_id, self._job_title(p), self.roles[(p.family, p.level)].id if p.family else None,
             self.department_ids[p.dept], p.manager.id if p.manager else None, self.location_ids[p.location], str(p.work_mode),
             p.hire, p.leave, p.hours, summary(p), p.can_post, p.open, str(p.visibility), True, True,
             p.share_aspirations_owners, p.share_aspirations_manager, _at(p.hire, rng))
            for p in self.people
        ))

    def _write_skills(self) -> None:
        """Employee skills and their evidence, written a few thousand people at a time."""
        rng, tax = self.rng, self.tax
        sources = _Weighted([(str(s), w) for s, w in EVIDENCE_SOURCES])
        verifying = {str(s) for s in VERIFIED_SOURCES}
        notes = {str(k): v for k, v in EVIDENCE_NOTES.items()}
        manager_assessed, self_declared, peer = str(E.MANAGER_ASSESSED), str(E.SELF_DECLARED), str(E.PEER_ENDORSEMENT)
        credential = str(E.CREDENTIAL)
        evidence_count = _Weighted([(1, 70), (2, 25), (3, 5)])
        es_ids = iter(self._ids(EmployeeSkill, sum(len(p.skills) for p in self.people)))
        # Evidence ids: at most three per skill; only the ones used are taken.
        ev_ids = iter(self._ids(SkillEvidence, 3 * sum(len(p.skills) for p in self.people)))
        es_rows: list[tuple] = []
        ev_rows: list[tuple] = []
        es_fields = ("id", "employee_id", "skill_id", "proficiency", "verified")
        ev_fields = ("id", "employee_skill_id", "source", "proficiency", "observed_on", "link", "note", "verified",
                     "recorded_by_id", "created_at")
        employee = self.persona["employee"]
        people = self.people
        for p in people:
            last = p.leave or AS_OF
            span = max(1, (last - p.hire).days)
            forced = [manager_assessed, str(E.GIG_FEEDBACK), self_declared] if p is employee else []
            for sid, prof in p.skills.items():
                es_id = next(es_ids)
                verified = False
                for j in range(evidence_count.pick(rng)):
                    source = forced.pop(0) if forced and j == 0 else sources.pick(rng)
                    is_verified = source in verifying
                    verified = verified or is_verified
                    if source == manager_assessed:
                        recorded_by = p.manager.user_id if p.manager else None
                    elif source == self_declared:
                        recorded_by = p.user_id
                    elif source == peer:
                        recorded_by = rng.choice(people).user_id
                    else:
                        recorded_by = None
                    # The first piece backs today's proficiency and is recent; any others are older and may be lower.
                    observed = last - timedelta(days=rng.randrange(min(span, 365)) if j == 0 else rng.randrange(span))
                    ev_rows.append((
                        next(ev_ids), es_id, source, prof if j == 0 else _clamp(prof - rng.randint(0, 1)), observed,
                        f"https://credentials.{EMAIL_DOMAIN}/{p.username}/{tax.slug[sid]}" if source == credential else "",
                        notes.get(source, ""), is_verified, recorded_by, _at(observed, rng),
                    ))
                es_rows.append((es_id, p.id, sid, prof, verified))
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
        for o, opp_id in zip(self.opportunities, self._ids(Opportunity, len(self.opportunities)), strict=True):
            o.id = opp_id
        self._insert(Opportunity, (
            "id", "public_id", "type", "title", "description", "owner_id", "department_id", "role_id", "hours_per_week",
            "start_date", "end_date", "seats", "location_id", "work_mode", "status", "published_at", "closed_at", "created_at",
        ), (
            (o.id, self._uuid(), str(o.type), o.title, o.description, o.owner.id, self.department_ids[o.owner.dept], o.role,
             o.hours, o.start, o.end, o.seats, None if o.location is None else self.location_ids[o.location], str(o.work_mode),
             str(o.status), o.published_at, o.closed_at, o.published_at or AS_OF_AT - timedelta(days=rng.randint(1, 20)))
            for o in self.opportunities
        ))
        needs = [(o.id, s, str(need), level) for o in self.opportunities for s, need, level in o.needs]
        ids = self._ids(OpportunitySkill, len(needs))
        self._insert(OpportunitySkill, ("id", "opportunity_id", "skill_id", "need", "level"),
                     ((i, *row) for i, row in zip(ids, needs, strict=True)))

        app_ids = self._ids(Application, len(self.applications))
        change_ids = iter(self._ids(ApplicationStatusChange, sum(len(a.path) for a in self.applications)))
        apps: list[tuple] = []
        changes: list[tuple] = []
        for app_id, a in zip(app_ids, self.applications, strict=True):
            users = {
                Actor.APPLICANT: a.applicant.user_id,
                Actor.OWNER: a.opportunity.owner.user_id,
                Actor.LINE_MANAGER: a.applicant.manager.user_id if a.applicant.manager else None,
                Actor.SYSTEM: None,
            }
            reason = previous = ""
            for status, actor, at in zip(a.path, a.actors, a.times, strict=True):
                reason = rng.choice(REASONS.get((status, actor), ("",)))
                changes.append((next(change_ids), app_id, previous, str(status), users[actor], str(actor), reason, at))
                previous = str(status)
            apps.append((
                app_id, self._uuid(), a.opportunity.id, a.applicant.id, str(a.path[-1]), a.message,
                reason if a.path[-1] == S.DECLINED else "", a.share_with_manager, a.times[0], a.times[-1],
            ))
        self._insert(Application, (
            "id", "public_id", "opportunity_id", "applicant_id", "status", "message", "decision_reason", "share_with_manager",
            "created_at", "status_changed_at",
        ), apps)
        self._insert(ApplicationStatusChange, ("id", "application_id", "from_status", "to_status", "actor_id", "actor_role", "reason", "at"), changes)

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
            password=settings.TALENTLOOP["DEMO_PASSWORD"],
        )
