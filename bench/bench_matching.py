"""Benchmark: the matching engine on the demo organisation at BENCH_EMPLOYEES (default 100,000) and
BENCH_OPPORTUNITIES (default 20,000), in a fresh temporary SQLite database. `make bench-matching` runs it and
writes bench/results/matching.json.

Metrics, each beside a plain baseline measured in the same run:
- feed_p50_ms / feed_p99_ms: the "for you" feed, top 20 with explanations, in process (BENCH_SAMPLES people);
  baseline: scoring every open opportunity for the person in plain Python (dicts and loops), the same formula.
- feed_http_p95_ms: GET /api/v1/me/feed/ over HTTP on loopback (a threaded WSGI server in this process, a personal
  token); baseline: GET /api/v1/opportunities/ (a plain SQL-filtered list of 20, no scoring).
- candidates_p99_ms: candidates for one opportunity, top 50 with explanations; baseline: plain Python over every
  person who opted in.
- index_build_s: building the index from the database; baseline: loading the same people through the ORM as model
  instances with their skills (the obvious way), for 2% of them, extrapolated.
- incremental_update_ms: a profile edit through the service, then the next request's update of the index;
  baseline: rebuilding the index (index_build_s).
- index_rss_mb: resident memory the index added to the process (RSS after - before); baseline: the index's own
  array bytes (numpy nbytes), to show what the Python-side records cost on top.
- optimizer_s: the staffing optimiser at 10,000 candidates x 2,000 seats (bench/bench_optimiser.py's problem);
  baseline: the greedy assignment.
- exposure_gini_top10 / exposure_gini_top10_undiversified: Gini coefficient of top-10 candidate exposure across the
  people who opted in, over candidate lists for BENCH_GINI_OPPORTUNITIES open opportunities (default all), served
  in order with and without diversification.
"""

from __future__ import annotations

import math
import os
import socket
import statistics
import sys
import threading
import time
from http.client import HTTPConnection
from random import Random

from common import env_int, fresh_django, peak_rss_mb, percentile, print_table, remove_dir, write_result


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def timed(fn, *args, **kwargs):
    started = time.perf_counter()
    out = fn(*args, **kwargs)
    return (time.perf_counter() - started) * 1000, out


def python_feed(person, opportunities, related, weights):
    """The baseline: the same feed formula in plain Python over every open opportunity."""
    held = {s: (lvl if ver else lvl * weights.unverified) for s, (lvl, ver) in person.skills.items()}
    scored = []
    for o in opportunities:
        if o.owner_id == person.id or (o.type != "permanent_role" and o.hours > person.weekly_hours) or o.id in person.applied:
            continue
        num = den = grow = 0.0
        for n in o.needs:
            if n.skill_id in person.grow_skills:
                grow += 1.0 if n.kind == "growth" else 0.5
            if n.kind == "growth":
                continue
            w = weights.required if n.kind == "required" else weights.nice_to_have
            credit = min(1.0, held.get(n.skill_id, 0.0) / n.level)
            for via, rw in related.get(n.skill_id, ()):
                credit = max(credit, rw * min(1.0, held.get(via, 0.0) / n.level))
            num += w * credit
            den += w
        fit = num / den if den else 0.0
        pref = ((0.5 if not person.wanted_types else float(o.type in person.wanted_types))
                + (0.5 if not person.wanted_modes else float(o.work_mode in person.wanted_modes))) / 2
        scored.append((weights.fit * fit + weights.growth * min(1.0, grow / weights.growth_saturation) + weights.preference * pref, o.id))
    scored.sort(reverse=True)
    return scored[:20]


def python_candidates(opportunity, people, related, weights):
    scored = []
    for p in people:
        if not (p.open_to_opportunities and p.active) or p.id == opportunity.owner_id or p.weekly_hours < opportunity.hours:
            continue
        held = {s: (lvl if ver else lvl * weights.unverified) for s, (lvl, ver) in p.skills.items()}
        num = den = 0.0
        for n in opportunity.needs:
            if n.kind == "growth":
                continue
            w = weights.required if n.kind == "required" else weights.nice_to_have
            credit = min(1.0, held.get(n.skill_id, 0.0) / n.level)
            for via, rw in related.get(n.skill_id, ()):
                credit = max(credit, rw * min(1.0, held.get(via, 0.0) / n.level))
            num += w * credit
            den += w
        scored.append((num / den if den else 0.0, p.id))
    scored.sort(reverse=True)
    return scored[:50]


def serve(port_holder: dict) -> None:
    from socketserver import ThreadingMixIn
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

    from django.core.wsgi import get_wsgi_application

    class Quiet(WSGIRequestHandler):
        def setup(self):
            super().setup()
            # wsgiref writes headers and body in separate sends; without this, Nagle's algorithm meets the
            # client's delayed ACK and every response waits ~40 ms on loopback.
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def log_message(self, *args):
            pass

    class Threaded(ThreadingMixIn, WSGIServer):
        daemon_threads = True

    server = make_server("127.0.0.1", 0, get_wsgi_application(), server_class=Threaded, handler_class=Quiet)
    port_holder["port"] = server.server_port
    port_holder["server"] = server
    server.serve_forever()


def http_p95(port: int, path: str, token: str, n: int) -> float:
    """p95 of GET `path` over loopback, a new connection per request (the server speaks HTTP/1.0), after 5 warm-ups."""
    times = []
    for i in range(n + 5):
        started = time.perf_counter()
        conn = HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", path, headers={"Authorization": f"Bearer {token}"})
        response = conn.getresponse()
        body = response.read()
        conn.close()
        if response.status != 200:
            raise SystemExit(f"GET {path}: {response.status} {body[:300]!r}")
        if i >= 5:
            times.append((time.perf_counter() - started) * 1000)
    return percentile(times, 95)


def main() -> int:
    employees = env_int("BENCH_EMPLOYEES", 100_000)
    opportunities = env_int("BENCH_OPPORTUNITIES", 20_000)
    samples = env_int("BENCH_SAMPLES", 300)
    var_dir = fresh_django("talentloop-bench-matching-")
    try:
        from django.contrib.auth.models import User

        from talentloop.accounts.personas import Personas
        from talentloop.accounts.services import create_personal_token
        from talentloop.demo.generator import OPPORTUNITY_STATUSES, build_demo
        from talentloop.marketplace.lifecycle import OpportunityStatus
        from talentloop.marketplace.models import Opportunity
        from talentloop.matching import loader
        from talentloop.matching.engine import Weights, gini
        from talentloop.matching.services import LiveIndex, _live
        from talentloop.people import services as people_services
        from talentloop.people.models import Employee

        # BENCH_OPPORTUNITIES counts OPEN opportunities, as the figures do; the demo also makes drafts,
        # closed and cancelled ones, so it is asked for enough in all.
        open_share = dict(OPPORTUNITY_STATUSES)[OpportunityStatus.OPEN] / sum(w for _, w in OPPORTUNITY_STATUSES)
        total = math.ceil(opportunities / open_share)
        print(f"matching benchmark: building the demo organisation ({employees:,} employees, {total:,} opportunities)…")
        build_demo(employees, seed=1, opportunities=total)
        open_count = Opportunity.objects.filter(status=OpportunityStatus.OPEN).count()
        metrics: dict[str, float] = {}
        baseline: dict[str, float] = {}
        notes: list[str] = []

        # Index build, memory.
        rss_before = rss_mb()
        live = LiveIndex()
        started = time.perf_counter()
        ix = live.build()
        metrics["index_build_s"] = round(time.perf_counter() - started, 2)
        metrics["index_rss_mb"] = round(rss_mb() - rss_before, 1)
        baseline["index_rss_mb"] = round(ix.nbytes() / 2**20, 1)
        sample_ids = list(Employee.objects.order_by("pk").values_list("pk", flat=True)[: max(1, employees // 50)])
        started = time.perf_counter()
        for e in Employee.objects.filter(pk__in=sample_ids).prefetch_related("skills", "aspiration__skills_to_grow", "applications"):
            _ = [(s.skill_id, s.proficiency, s.verified) for s in e.skills.all()]
        baseline["index_build_s"] = round((time.perf_counter() - started) * employees / len(sample_ids), 2)
        notes.append(f"index: {ix.people:,} people, {open_count:,} open opportunities ({ix.opportunities:,} with a free seat), "
                     f"arrays {ix.nbytes() / 2**20:.0f} MB")

        # Feed in process.
        rng = Random(7)
        people_records, _ = loader.people()
        records = {r.id: r for r in people_records}
        active_ids = [r.id for r in people_records if r.active]
        chosen = rng.sample(active_ids, min(samples, len(active_ids)))
        for pid in chosen[:20]:
            ix.feed(pid, k=20)
        feed_times = [timed(ix.feed, pid, k=20)[0] for pid in chosen]
        metrics["feed_p50_ms"] = round(statistics.median(feed_times), 3)
        metrics["feed_p99_ms"] = round(percentile(feed_times, 99), 3)
        open_opps = loader.opportunities()
        related: dict[int, list[tuple[int, float]]] = {}
        for a, b, w in loader.related_triples():
            related.setdefault(b, []).append((a, w))
        weights = Weights()
        base_times = [timed(python_feed, records[pid], open_opps, related, weights)[0] for pid in chosen[:20]]
        baseline["feed_p50_ms"] = round(statistics.median(base_times), 3)
        baseline["feed_p99_ms"] = round(percentile(base_times, 99), 3)

        # Candidates in process.
        open_ids = [o.id for o in open_opps if o.seats_free > 0]
        opp_sample = rng.sample(open_ids, min(samples, len(open_ids)))
        for oid in opp_sample[:20]:
            ix.candidates(oid, k=50)
        cand_times = [timed(ix.candidates, oid, k=50)[0] for oid in opp_sample]
        metrics["candidates_p99_ms"] = round(percentile(cand_times, 99), 3)
        by_id = {o.id: o for o in open_opps}
        base_c = [timed(python_candidates, by_id[oid], people_records, related, weights)[0] for oid in opp_sample[:10]]
        baseline["candidates_p99_ms"] = round(percentile(base_c, 99), 3)

        # Incremental update after a profile edit, through the service and the next request's sync.
        _live.index, _live.last = ix, live.last
        person = Employee.objects.select_related("user").get(user__username="employee")
        p = Personas(person.user)
        update_times = []
        for i in range(30):
            people_services.update_profile(p, person, {"weekly_hours_available": 4 + i % 5})
            started = time.perf_counter()
            with _live.current():
                pass
            update_times.append((time.perf_counter() - started) * 1000)
        metrics["incremental_update_ms"] = round(statistics.median(update_times), 3)
        baseline["incremental_update_ms"] = round(metrics["index_build_s"] * 1000, 1)

        # Feed over HTTP.
        token_user = User.objects.get(username="employee")
        _, secret = create_personal_token(token_user, "bench")
        holder: dict = {}
        threading.Thread(target=serve, args=(holder,), daemon=True).start()
        while "port" not in holder:
            time.sleep(0.05)
        n_http = min(samples, 200)
        metrics["feed_http_p95_ms"] = round(http_p95(holder["port"], "/api/v1/me/feed/?page_size=20", secret, n_http), 2)
        baseline["feed_http_p95_ms"] = round(http_p95(holder["port"], "/api/v1/opportunities/?page_size=20", secret, n_http), 2)
        holder["server"].shutdown()

        # Fair exposure.
        gini_n = env_int("BENCH_GINI_OPPORTUNITIES", len(open_ids))
        gini_opps = open_ids[:gini_n]
        opted_in = [r.id for r in people_records if r.open_to_opportunities and r.active]
        for diversify, key in ((False, "exposure_gini_top10_undiversified"), (True, "exposure_gini_top10")):
            ix.reset_exposure()
            shown: dict[int, int] = {}
            for oid in gini_opps:
                for m in ix.candidates(oid, k=10, diversify=diversify, record_exposure=True):
                    shown[m.person_id] = shown.get(m.person_id, 0) + 1
            metrics[key] = round(gini(shown.get(pid, 0) for pid in opted_in), 4)
            notes.append(f"{key}: {len(shown):,} of {len(opted_in):,} opted-in people appear in a top 10 of {len(gini_opps):,} lists")

        # Optimiser.
        from bench_optimiser import synthetic_problem

        from talentloop.matching.optimiser import greedy, solve

        problem = synthetic_problem(10_000, 2_000, 30, seed=1)
        solve(problem)
        runs = [timed(solve, problem)[0] / 1000 for _ in range(3)]
        metrics["optimizer_s"] = round(statistics.median(runs), 3)
        baseline["optimizer_s"] = round(statistics.median([timed(greedy, problem)[0] / 1000 for _ in range(3)]), 3)

        size = {"employees": employees, "opportunities": open_count, "skills": len(ix._skill_ids)}
        path, result = write_result("matching", size, metrics, baseline)
        notes.append(f"peak RSS {peak_rss_mb():,.0f} MB; {len(chosen)} feed samples, {len(opp_sample)} candidate samples; written to {path}")
        print_table(result, notes)
        return 0
    finally:
        remove_dir(var_dir)


if __name__ == "__main__":
    sys.exit(main())
