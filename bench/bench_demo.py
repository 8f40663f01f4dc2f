"""Benchmark: build the demo organisation at BENCH_EMPLOYEES (default 100,000) and BENCH_OPPORTUNITIES (20,000)
into a fresh temporary SQLite database. `make bench-demo` runs it; writes bench/results/demo.json.

Metric: demo_generate_s, the wall time of build_demo (planning plus writing, one transaction; with the learning
catalog, records, pathways and up to 200 credentials signed by the credentials service), the median of
BENCH_REPEATS runs (default 1: one run takes about a minute; each later run starts from an emptied database).

Baseline, measured in the same run: the plain way of writing the same data, one Model.objects.create per row
(users, employees, their skills and evidence) inside one transaction, for BENCH_BASELINE_FRACTION (default 2%) of
the employees, then rolled back. Its time per employee is EXTRAPOLATED to BENCH_EMPLOYEES; it leaves out
aspirations, opportunities and applications, so the real naive figure would be higher and the ratio is generous.
"""

from __future__ import annotations

import os
import statistics
import sys
import time

from common import env_int, fresh_django, peak_rss_mb, print_table, remove_dir, write_result


def naive_seconds_per_employee(count: int) -> tuple[float, int]:
    """Re-create `count` demo employees with their skills and evidence one row at a time; returns s/employee, rows."""
    from django.contrib.auth.models import User
    from django.db import transaction

    from talentloop.people.models import Employee, EmployeeSkill, SkillEvidence

    sample = list(
        Employee.objects.select_related("user").prefetch_related("skills__evidence").order_by("pk")[:count]
    )
    rows = 0
    with transaction.atomic():
        started = time.perf_counter()
        for e in sample:
            u = e.user
            user = User.objects.create(
                username=f"naive-{u.username}", first_name=u.first_name, last_name=u.last_name, email=f"naive-{u.email}",
                password=u.password, is_active=u.is_active, date_joined=u.date_joined,
            )
            employee = Employee.objects.create(
                user=user, job_title=e.job_title, role_id=e.role_id, department_id=e.department_id, manager_id=e.manager_id,
                location_id=e.location_id, work_mode=e.work_mode, hire_date=e.hire_date, leave_date=e.leave_date,
                weekly_hours_available=e.weekly_hours_available, summary=e.summary, open_to_opportunities=e.open_to_opportunities,
                profile_visibility=e.profile_visibility,
            )
            rows += 2
            for es in e.skills.all():
                skill = EmployeeSkill.objects.create(employee=employee, skill_id=es.skill_id, proficiency=es.proficiency, verified=es.verified)
                rows += 1
                for ev in es.evidence.all():
                    SkillEvidence.objects.create(
                        employee_skill=skill, source=ev.source, proficiency=ev.proficiency, observed_on=ev.observed_on,
                        link=ev.link, note=ev.note, verified=ev.verified, recorded_by_id=ev.recorded_by_id,
                    )
                    rows += 1
        elapsed = time.perf_counter() - started
        transaction.set_rollback(True)
    return elapsed / len(sample), rows


def main() -> int:
    employees = env_int("BENCH_EMPLOYEES", 100_000)
    opportunities = env_int("BENCH_OPPORTUNITIES", 20_000)
    repeats = max(1, env_int("BENCH_REPEATS", 1))
    fraction = float(os.environ.get("BENCH_BASELINE_FRACTION", "0.02"))
    if "DATABASE_URL" in os.environ:
        print("note: DATABASE_URL is ignored; the benchmark uses a temporary SQLite database")
    var_dir = fresh_django("talentloop-bench-demo-")
    try:
        from talentloop.demo.generator import build_demo, wipe_demo
        from talentloop.skills.models import Skill

        print(f"demo benchmark: {employees:,} employees, {opportunities:,} opportunities, {repeats} run(s), SQLite in {var_dir}")
        times = []
        summary = None
        for run in range(repeats):
            if run:
                wipe_demo()
            started = time.perf_counter()
            summary = build_demo(employees, seed=1, opportunities=opportunities, stdout=sys.stdout)
            times.append(time.perf_counter() - started)
            print(f"run {run + 1}: {times[-1]:.1f} s")
        generate_s = statistics.median(times)

        sample = max(20, round(employees * fraction))
        per_employee, naive_rows = naive_seconds_per_employee(sample)
        baseline_s = per_employee * employees  # extrapolated from `sample` employees, see the module docstring

        path, result = write_result(
            "demo",
            size={"employees": employees, "opportunities": opportunities, "skills": Skill.objects.count()},
            metrics={"demo_generate_s": round(generate_s, 2)},
            baseline={"demo_generate_s": round(baseline_s, 2)},
        )
        assert summary is not None
        rows = (
            2 * summary.employees + summary.employee_skills + summary.evidence + summary.aspirations
            + sum(summary.opportunities.values()) + sum(summary.applications.values()) + summary.status_changes
            + summary.opportunity_changes + summary.completions + summary.skill_ratings + summary.sessions + summary.role_changes
            + summary.learning_items + summary.learning_records + summary.learning_events + summary.pathways
            + summary.achievements + summary.credentials
        )
        print_table(result, notes=[
            f"runs: {', '.join(f'{t:.1f} s' for t in times)}; about {rows:,} rows written, {rows / generate_s:,.0f} rows/s",
            f"baseline: {sample:,} employees with {naive_rows:,} rows, one create() each: {per_employee * 1000:.2f} ms per employee,"
            f" extrapolated to {employees:,}",
            f"peak RSS {peak_rss_mb():,.0f} MB; written to {path}",
        ])
    finally:
        remove_dir(var_dir)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
