"""Benchmark: every analytics page on the demo organisation at BENCH_EMPLOYEES (default 100,000), in a fresh temporary
SQLite database. `make bench-analytics` runs it and writes bench/results/analytics.json.

Metrics: `<metric>_p95_ms` for every metric of the analytics registry (`-` turned into `_`) and
`analytics_worst_p95_ms`: the p95 over BENCH_REPEATS (default 20) requests, after 2 warm-ups, of the metric's page
as a talent admin through Django's test client (the whole stack: middleware, session, view, rendering). The page is
`/analytics/<metric>/` when that URL exists in this checkout, otherwise the API `/api/v1/analytics/<metric>/`; the
output says which. Each metric is asked with its default filters and once filtered (the largest department; the
`gig` type where the metric takes a type): the metric is the higher of the two p95s.

Baseline, in the same run: a naive per-person computation of the same figures (the main table of each metric) in
plain Python over the ORM, one object at a time, no aggregation: it loops over people (and over opportunities or
learning items where a figure is about those), timed on BENCH_BASELINE_FRACTION (default 2%) of each and
EXTRAPOLATED to all of them. Before any timing, the naive figures are checked against the database's on a small demo
organisation (BENCH_CHECK_EMPLOYEES, default 2,000, every person, with the minimum group set to 1 so that no figure
is suppressed): a baseline that computed something else would be worthless. The run stops if they differ.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import time
from collections import defaultdict
from random import Random

from common import env_int, fresh_django, peak_rss_mb, percentile, print_table, remove_dir, write_result

WARM_UPS = 2


# --- the naive computations -----------------------------------------------------------------------------------------
# Each takes the Filters (defaults only: no department, location or type) and the ids to walk, and returns its figures
# keyed like the rows of the metric's main table. Everything is one object at a time through the ORM, as the obvious
# code would be written; sets and counters are the only bookkeeping.


def _employed_on(e, day: dt.date) -> bool:
    return e.hire_date <= day and (e.leave_date is None or e.leave_date >= day)


def _within(f, moment) -> bool:
    return moment is not None and f.since <= moment < f.until


def _family(category):
    """The top of the category tree, walked up one parent at a time (at most 8 levels, as the metric does)."""
    for _ in range(7):
        if category.parent_id is None:
            return category
        category = category.parent
    return category


def naive_adoption(f, people=(), opps=(), items=()):
    from talentloop.people.models import Aspiration, Employee

    out: dict = defaultdict(lambda: {"headcount": 0, "completed": 0, "aspirations": 0, "opted_in": 0})
    for pid in people:
        e = Employee.objects.get(pk=pid)
        if not _employed_on(e, f.end):
            continue
        row = out[e.department.name]
        row["headcount"] += 1
        if len(list(e.skills.all())) >= 3 and e.summary != "":
            row["completed"] += 1
        try:
            a = e.aspiration
        except Aspiration.DoesNotExist:
            a = None
        if a is not None and (list(a.target_roles.all()) or list(a.skills_to_grow.all())):
            row["aspirations"] += 1
        if e.open_to_opportunities:
            row["opted_in"] += 1
    return dict(out)


def _applications_of(e):
    """(application, opportunity, [status changes]) of a person, one query per application and per opportunity."""
    for a in e.applications.all():
        yield a, a.opportunity, list(a.changes.all())


def naive_marketplace(f, people=(), opps=(), items=()):
    from talentloop.marketplace.lifecycle import OPPORTUNITY_TYPE_LABELS, ApplicationStatus
    from talentloop.marketplace.models import Completion, Opportunity
    from talentloop.people.models import Employee

    rows: dict = defaultdict(lambda: defaultdict(int))
    sets: dict = defaultdict(lambda: defaultdict(set))
    waits: dict = defaultdict(list)
    for pid in people:
        e = Employee.objects.get(pk=pid)
        for a, o, changes in _applications_of(e):
            t = o.type
            if _within(f, a.created_at):
                rows[t]["applications"] += 1
                sets[t]["applicants"].add(pid)
            for ch in changes:
                if ch.event != "" or not _within(f, ch.at):
                    continue
                if ch.to_status == ApplicationStatus.OFFERED:
                    rows[t]["matches"] += 1
                if ch.to_status == ApplicationStatus.ACCEPTED:
                    rows[t]["fills"] += 1
                    sets[t]["filled"].add(pid)
                    waits[t].append(ch.at - o.published_at)
            try:
                c = a.completion
            except Completion.DoesNotExist:
                c = None
            if c is not None and _within(f, c.completed_at):
                rows[t]["hours_unlocked"] += c.hours or 0
    for oid in opps:
        o = Opportunity.objects.get(pk=oid)
        if not _within(f, o.published_at):
            continue
        rows[o.type]["posted"] += 1
        rows[o.type]["seats"] += o.seats
        taken = 0
        for a in o.applications.all():
            for ch in a.changes.all():
                if ch.event == "" and ch.to_status == ApplicationStatus.ACCEPTED and _within(f, ch.at):
                    taken += 1
        rows[o.type]["seats_filled"] += min(taken, o.seats)
    out = {}
    for t, label in OPPORTUNITY_TYPE_LABELS.items():
        r, s = rows[t], sets[t]
        mean = sum(waits[t], dt.timedelta()) / len(waits[t]) if waits[t] else None
        out[label] = {
            "posted": r["posted"], "applications": r["applications"], "applicants": len(s["applicants"]),
            "matches": r["matches"], "fills": r["fills"],
            "fill_rate": round(100 * r["seats_filled"] / r["seats"], 1) if r["seats"] else None,
            "time_to_fill": None if mean is None else round(mean.total_seconds() / 86400, 1),
            "hours_unlocked": r["hours_unlocked"],
        }
    return out


def naive_retention(f, people=(), opps=(), items=()):
    from talentloop.analytics.metrics.retention import participation_window
    from talentloop.marketplace.lifecycle import ApplicationStatus
    from talentloop.people.models import Employee

    since, until = participation_window(f)
    out = {label: {"people": 0, "retained": 0} for label in ("Participants", "Non-participants")}
    for pid in people:
        e = Employee.objects.get(pk=pid)
        if not _employed_on(e, f.start):
            continue
        took_part = any(
            ch.event == "" and ch.to_status == ApplicationStatus.ACCEPTED and since <= ch.at < until
            for _, _, changes in _applications_of(e) for ch in changes
        )
        row = out["Participants" if took_part else "Non-participants"]
        row["people"] += 1
        row["retained"] += e.leave_date is None or e.leave_date >= f.end
    return out


def naive_learning_to_earning(f, people=(), opps=(), items=()):
    from django.utils import timezone

    from talentloop.analytics.metrics.learning import APPLY_WITHIN, APPLYING_TYPES, DONE, LEARNED_BEFORE_MOVE
    from talentloop.marketplace.lifecycle import ApplicationStatus
    from talentloop.people.models import Employee

    learners = applied = movers = ready = 0
    for pid in people:
        e = Employee.objects.get(pk=pid)
        records = [(r, {s.skill_id for s in r.item.taught_skills.all()}) for r in e.learning_records.all()]
        fills = [
            (ch.at, {n.skill_id for n in o.skill_needs.all()})
            for _, o, changes in _applications_of(e) if o.type in APPLYING_TYPES
            for ch in changes if ch.event == "" and ch.to_status == ApplicationStatus.ACCEPTED
        ]
        done = [(r, taught) for r, taught in records if r.status in DONE and _within(f, r.completed_at) and taught]
        if done:
            learners += 1
            applied += any(
                r.completed_at < at <= r.completed_at + APPLY_WITHIN and taught & needs for r, taught in done for at, needs in fills
            )
        moves = [m for m in e.role_changes.all() if f.start <= m.effective_on <= f.end and m.to_role_id is not None]
        if moves:
            movers += 1
            ready += any(
                r.status in DONE and r.completed_at is not None
                and m.effective_on - LEARNED_BEFORE_MOVE <= timezone.localtime(r.completed_at).date() < m.effective_on
                and taught & {rs.skill_id for rs in m.to_role.role_skills.all()}
                for m in moves for r, taught in records
            )
    return {
        "Learners who applied a learned skill within 90 days": {"base": learners, "counted": applied},
        "People who moved into a role after learning its skills": {"base": movers, "counted": ready},
    }


def naive_cost(f, people=(), opps=(), items=()):
    from talentloop.marketplace.lifecycle import ApplicationStatus, OpportunityType
    from talentloop.marketplace.models import Completion
    from talentloop.people.models import Employee

    fills = hours = 0
    for pid in people:
        e = Employee.objects.get(pk=pid)
        for a, o, changes in _applications_of(e):
            if o.type == OpportunityType.PERMANENT_ROLE:
                fills += sum(ch.event == "" and ch.to_status == ApplicationStatus.ACCEPTED and _within(f, ch.at) for ch in changes)
            try:
                c = a.completion
            except Completion.DoesNotExist:
                continue
            if _within(f, c.completed_at):
                hours += c.hours or 0
    return {"External hiring cost avoided": {"quantity": fills}, "Hours unlocked": {"quantity": hours}}


def naive_skills(f, people=(), opps=(), items=()):
    from talentloop.analytics.metrics.learning import DEMAND_NEEDS
    from talentloop.analytics.metrics.skills import PRACTITIONER
    from talentloop.marketplace.models import Opportunity
    from talentloop.people.models import Employee

    cells: dict = defaultdict(lambda: defaultdict(set))
    for pid in people:
        e = Employee.objects.get(pk=pid)
        if not _employed_on(e, f.end):
            continue
        department = e.department.name
        for es in e.skills.all():
            if not es.skill.is_active:
                continue
            cell = cells[(_family(es.skill.category).name, department)]
            cell["declared"].add(pid)
            if es.verified:
                cell["verified"].add(pid)
            if es.proficiency >= PRACTITIONER:
                cell["practitioners"].add(pid)
                if es.verified:
                    cell["verified_practitioners"].add(pid)
        for pathway in e.pathways.all():
            for rs in pathway.role.role_skills.all():
                cells[(_family(rs.skill.category).name, department)]["pathway_people"].add(pid)
    for oid in opps:
        o = Opportunity.objects.get(pk=oid)
        if o.published_at is None or o.published_at >= f.until or (o.closed_at is not None and o.closed_at < f.since):
            continue
        if o.status in ("draft", "pending_approval"):
            continue
        for need in o.skill_needs.all():
            if need.need in DEMAND_NEEDS:
                cells[(_family(need.skill.category).name, o.department.name)]["opportunities"].add(oid)
    out = {}
    for key, cell in cells.items():
        row = {k: len(cell[k]) for k in ("declared", "verified", "practitioners", "verified_practitioners", "opportunities", "pathway_people")}
        row["gap"] = row["opportunities"] + row["pathway_people"] - row["verified_practitioners"]
        out[key] = row
    return out


def naive_learning_audit(f, people=(), opps=(), items=()):
    from talentloop.analytics.metrics.learning import DONE
    from talentloop.learning.models import LearningItem

    out = {label: {"items": 0, "completions": 0, "learners": set(), "unused": 0} for label in ("Skills-first", "Compliance")}
    for iid in items:
        item = LearningItem.objects.get(pk=iid)
        row = out["Compliance" if item.compliance else "Skills-first"]
        completed = [r for r in item.records.all() if r.status in DONE and _within(f, r.completed_at)]
        row["completions"] += len(completed)
        row["learners"].update(r.employee_id for r in completed)
        if item.is_active:
            row["items"] += 1
            row["unused"] += not completed
    return {label: {**row, "learners": len(row["learners"])} for label, row in out.items()}


def naive_managers(f, people=(), opps=(), items=()):
    from talentloop.marketplace.lifecycle import ApplicationStatus
    from talentloop.people.models import Employee

    credit: dict = defaultdict(lambda: defaultdict(set))
    for pid in people:
        e = Employee.objects.get(pk=pid)
        for _, o, changes in _applications_of(e):
            for ch in changes:
                if ch.event != "" or ch.to_status != ApplicationStatus.ACCEPTED or not _within(f, ch.at):
                    continue
                owner = o.owner
                if e.manager_id is not None and owner.pk != e.manager_id and owner.manager_id != e.manager_id:
                    credit[e.manager.public_id]["exported_people"].add(pid)
                    credit[e.manager.public_id]["exported_seats"].add(ch.pk)
                if owner.reports.exists() and e.pk != owner.pk and e.manager_id != owner.pk:
                    credit[owner.public_id]["imported_people"].add(pid)
                    credit[owner.public_id]["imported_seats"].add(ch.pk)
                if owner.manager_id is not None and e.pk != owner.manager_id and e.manager_id != owner.manager_id:
                    credit[owner.manager.public_id]["imported_people"].add(pid)
                    credit[owner.manager.public_id]["imported_seats"].add(ch.pk)
    keys = ("exported_people", "exported_seats", "imported_people", "imported_seats")
    return {str(m): {k: len(c[k]) for k in keys} for m, c in credit.items()}


def naive_fairness(f, people=(), opps=(), items=()):
    """The selections stage by sex: people who made an application in the period, and those of them whose
    application reached a seat in the period."""
    from talentloop.fairness.audit import SEX_CATEGORIES
    from talentloop.fairness.models import Demographic
    from talentloop.marketplace.lifecycle import HOLDS_SEAT, ApplicationStatus
    from talentloop.people.models import Employee

    entered_statuses = {ApplicationStatus.APPLIED, ApplicationStatus.INVITED}
    counts = {label: {"people": 0, "selected": 0} for _, label in SEX_CATEGORIES}
    labels = dict(SEX_CATEGORIES)
    for pid in people:
        e = Employee.objects.get(pk=pid)
        if e.hire_date > f.end or (e.leave_date is not None and e.leave_date < f.start):
            continue
        entered = [changes for _, _, changes in _applications_of(e)
                   if any(ch.to_status in entered_statuses and _within(f, ch.at) for ch in changes)]
        if not entered:
            continue
        try:
            sex = e.demographic.sex
        except Demographic.DoesNotExist:
            sex = ""
        if sex not in labels:
            continue
        counts[labels[sex]]["people"] += 1
        counts[labels[sex]]["selected"] += any(ch.to_status in HOLDS_SEAT and _within(f, ch.at) for changes in entered for ch in changes)
    return {label: {"people": c["people"], "rate": round(100 * c["selected"] / c["people"], 1)}
            for label, c in counts.items() if c["people"]}


NAIVE = {
    "adoption": naive_adoption, "marketplace": naive_marketplace, "retention": naive_retention,
    "learning-to-earning": naive_learning_to_earning, "cost": naive_cost, "skills": naive_skills,
    "learning-audit": naive_learning_audit, "managers": naive_managers, "fairness": naive_fairness,
}


def database_figures(name: str, result) -> dict:
    """The database's figures for the rows the naive computation makes, keyed the same way."""
    tables = {t.key: t for t in result.tables}

    def rows(key: str, label: str, columns) -> dict:
        return {r[label]: {c: r[c] for c in columns} for r in tables[key].rows}

    if name == "adoption":
        out = rows("profiles", "department", ("headcount", "completed", "aspirations", "opted_in"))
        out.pop("All departments")
        return out
    if name == "marketplace":
        out = rows("by_type", "type", ("posted", "applications", "applicants", "matches", "fills", "fill_rate", "time_to_fill", "hours_unlocked"))
        out.pop("All types")
        return out
    if name == "retention":
        return rows("retention", "group", ("people", "retained"))
    if name == "learning-to-earning":
        return rows("learning_to_earning", "measure", ("base", "counted"))
    if name == "cost":
        out = rows("cost", "measure", ("quantity",))
        out.pop("Total")
        return out
    if name == "skills":
        columns = ("declared", "verified", "practitioners", "verified_practitioners", "opportunities", "pathway_people", "gap")
        return {(r["family"], r["department"]): {c: r[c] for c in columns} for r in tables["supply_demand"].rows}
    if name == "learning-audit":
        return rows("catalog", "focus", ("items", "completions", "learners", "unused"))
    if name == "managers":
        return rows("talent_exchange", "manager_id", ("exported_people", "exported_seats", "imported_people", "imported_seats"))
    if name == "fairness":
        return {r["group"]: {"people": r["people"], "rate": r["rate"]} for r in tables["selections"].rows
                if r["dimension"] == "Sex" and r["people"]}
    raise KeyError(name)


def check_naive(p, today_filters) -> list[str]:
    """Compare every naive computation with the database on the whole (small) demo, nothing suppressed."""
    from talentloop.analytics.metrics import METRICS
    from talentloop.analytics.services import run_metric
    from talentloop.learning.models import LearningItem
    from talentloop.marketplace.models import Opportunity
    from talentloop.organisation.models import OrganisationSettings
    from talentloop.organisation.models import current as organisation_settings
    from talentloop.people.models import Employee

    organisation_settings()
    OrganisationSettings.objects.filter(pk=1).update(analytics_min_group=1)  # below the form's minimum: a check only
    try:
        people = list(Employee.objects.order_by("pk").values_list("pk", flat=True))
        opps = list(Opportunity.objects.order_by("pk").values_list("pk", flat=True))
        items = list(LearningItem.objects.order_by("pk").values_list("pk", flat=True))
        notes, failures = [], []
        for name in METRICS:
            expected = database_figures(name, run_metric(p, name, {}))
            naive = NAIVE[name](today_filters(), people, opps, items)
            if name == "managers":  # the table lists at most 200 managers
                naive = {k: v for k, v in naive.items() if k in expected}
            if naive != expected:
                diff = [(k, expected.get(k), naive.get(k)) for k in sorted(set(expected) | set(naive), key=str)
                        if expected.get(k) != naive.get(k)]
                failures.append(f"{name}: the naive figures differ from the database's in {len(diff)} rows, e.g. {diff[:3]}")
            else:
                notes.append(f"{name}: {len(expected)} rows")
    finally:
        OrganisationSettings.objects.filter(pk=1).update(analytics_min_group=10)
    if failures:
        raise SystemExit("naive baseline check failed:\n  " + "\n  ".join(failures))
    return notes


# --- timing -----------------------------------------------------------------------------------------------------------


def page_for(metric: str) -> tuple[str, str]:
    """The analytics page of the metric if this checkout has one, otherwise its API."""
    from django.urls import Resolver404, resolve

    path = f"/analytics/{metric}/"
    try:
        resolve(path)
        return path, "page"
    except Resolver404:
        return f"/api/v1/analytics/{metric}/", "api"


def timed_get(client, path: str, params: dict) -> float:
    started = time.perf_counter()
    response = client.get(path, params)
    body = response.content
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"GET {path} {params}: {response.status_code} {body[:300]!r}")
    return elapsed


def naive_seconds(name: str, f, people: list[int], opps: list[int], items: list[int], fraction: float) -> float:
    """Time the naive computation over a sample of each kind of thing it walks, extrapolated to all of them."""
    rng = Random(11)
    total = 0.0
    for kind, ids in (("people", people), ("opps", opps), ("items", items)):
        sample = sorted(rng.sample(ids, max(1, round(len(ids) * fraction)))) if ids else []
        started = time.perf_counter()
        NAIVE[name](f, **{kind: sample})
        total += (time.perf_counter() - started) * len(ids) / max(1, len(sample))
    return total


def snapshot_notes(client, repeats: int) -> list[str]:
    """What the snapshots cost and what they save: taking them once, and the pages that read them computed on the
    spot instead (the snapshots removed, then put back), each beside its time with them."""
    from talentloop.analytics import snapshots
    from talentloop.analytics.models import Snapshot

    started = time.perf_counter()
    cells = snapshots.take()
    notes = [f"snapshots taken in {time.perf_counter() - started:.1f} s ({', '.join(f'{k} {v:,} cells' for k, v in cells.items())}); "
             f"the skills and adoption pages read them while fresh ({snapshots.MAX_AGE} old at most)"]
    kept = list(Snapshot.objects.all())
    Snapshot.objects.all().delete()
    try:
        for name in ("skills", "adoption"):
            path, _ = page_for(name)
            timed_get(client, path, {})
            times = [timed_get(client, path, {}) for _ in range(max(3, repeats // 4))]
            notes.append(f"{name} without its snapshot (computed on the spot, defaults, {len(times)} requests): "
                         f"p50 {percentile(times, 50):.0f} ms, p95 {percentile(times, 95):.0f} ms")
            print("  " + notes[-1])
    finally:
        Snapshot.objects.bulk_create(kept)
    return notes


def main() -> int:
    employees = env_int("BENCH_EMPLOYEES", 100_000)
    repeats = env_int("BENCH_REPEATS", 20)
    check_size = min(env_int("BENCH_CHECK_EMPLOYEES", 2_000), employees)
    fraction = env_int("BENCH_BASELINE_PERMILLE", 20) / 1000
    var_dir = fresh_django("talentloop-bench-analytics-")
    try:
        from django.contrib.auth.models import User
        from django.db.models import Count
        from django.test import Client

        from talentloop.accounts.personas import Personas
        from talentloop.analytics.filters import TYPE, parse_filters
        from talentloop.analytics.metrics import METRICS
        from talentloop.demo.generator import build_demo
        from talentloop.learning.models import LearningItem
        from talentloop.marketplace.models import Opportunity
        from talentloop.people.models import Department, Employee

        def default_filters():
            return parse_filters({})

        def admin() -> User:
            return User.objects.get(username="talent")

        notes: list[str] = []
        print(f"analytics benchmark: checking the naive baselines on a demo organisation of {check_size:,} employees…")
        build_demo(check_size, seed=1)
        checked = check_naive(Personas(admin()), default_filters)
        notes.append(f"naive figures equal the database's on the {check_size:,}-employee demo: " + "; ".join(checked))
        if employees != check_size:
            print(f"analytics benchmark: building the demo organisation ({employees:,} employees)…")
            started = time.perf_counter()
            build_demo(employees, seed=1, replace=True)
            notes.append(f"demo organisation built in {time.perf_counter() - started:.0f} s")

        department = (Department.objects.annotate(n=Count("employees")).order_by("-n", "slug").values_list("slug", flat=True).first())
        client = Client()
        client.force_login(admin())
        metrics: dict[str, float] = {}
        baseline: dict[str, float] = {}
        people = list(Employee.objects.values_list("pk", flat=True))
        opps = list(Opportunity.objects.values_list("pk", flat=True))
        items = list(LearningItem.objects.values_list("pk", flat=True))
        kinds = set()
        for name, metric in METRICS.items():
            path, kind = page_for(name)
            kinds.add(kind)
            variants = [{}]
            filtered = {"department": department}
            if TYPE in metric.filters:
                filtered["type"] = "gig"
            if "department" in metric.filters:
                variants.append(filtered)
            p95s, parts = [], []
            for params in variants:
                for _ in range(WARM_UPS):
                    timed_get(client, path, params)
                times = [timed_get(client, path, params) for _ in range(repeats)]
                p95s.append(percentile(times, 95))
                parts.append(f"{'?' + '&'.join(f'{k}={v}' for k, v in params.items()) if params else 'defaults'}: "
                             f"p50 {percentile(times, 50):.0f} ms, p95 {p95s[-1]:.0f} ms")
            key = f"{name.replace('-', '_')}_p95_ms"
            metrics[key] = round(max(p95s), 1)  # the slower of the two requests, each over its own repeats
            baseline[key] = round(naive_seconds(name, default_filters(), people, opps, items, fraction) * 1000, 1)
            line = f"{name}: GET {path} ({kind}), {repeats} requests each; " + "; ".join(parts)
            print("  " + line)
            notes.append(line)
        metrics["analytics_worst_p95_ms"] = max(metrics.values())
        baseline["analytics_worst_p95_ms"] = max(baseline.values())
        notes.extend(snapshot_notes(client, repeats))
        metrics["peak_rss_mb"] = peak_rss_mb()
        notes.append(f"timed through {' and '.join(sorted(kinds))}: " + ("the pages" if kinds == {"page"} else
                     "the API (no /analytics/<metric>/ page in this checkout)" if kinds == {"api"} else "pages where they exist"))
        notes.append(f"baseline: naive per-person Python over the ORM, timed on {fraction:.0%} of people, opportunities "
                     "and learning items and extrapolated (default filters)")
        notes.append(f"load average when done: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
        size = {"employees": Employee.objects.count(), "opportunities": len(opps), "learning_items": len(items)}
        path, result = write_result("analytics", size, metrics, baseline)
        result_kind = "page" if kinds == {"page"} else "api" if kinds == {"api"} else "mixed"
        data = json.loads(path.read_text())
        data["rendered_through"] = result_kind
        path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        print_table(result, notes)
        print(f"wrote {path}")
        return 0
    finally:
        remove_dir(var_dir)


if __name__ == "__main__":
    sys.exit(main())
