"""Shared by every benchmark: a fresh Django on a temporary SQLite database, the machine, percentiles, the result JSON.

Results go to bench/results/<name>.json in the shape documented in ../shared/BENCH.md (not committed).
"""

from __future__ import annotations

import json
import math
import os
import platform
import resource
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_DIR = BENCH_DIR / "results"


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    if not raw:
        return default
    try:
        return int(raw.replace("_", ""))
    except ValueError:
        raise SystemExit(f"{name}={raw!r} is not an integer") from None


def fresh_django(prefix: str = "talentloop-bench-") -> Path:
    """Point Talentloop at an empty temporary SQLite database, set Django up and migrate; returns the directory.

    Must run before anything imports Django models. DATABASE_URL is ignored so a benchmark never writes to a real database.
    """
    var_dir = Path(tempfile.mkdtemp(prefix=prefix))
    os.environ["TALENTLOOP_VAR_DIR"] = str(var_dir)  # overrides the Makefile's ./var on purpose
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talentloop.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    return var_dir


def remove_dir(path: Path) -> None:
    if os.environ.get("BENCH_KEEP_DB"):
        print(f"kept the database in {path}")
        return
    shutil.rmtree(path, ignore_errors=True)


def machine() -> dict:
    return {"cpus": os.cpu_count() or 1, "memory_gb": _memory_gb(), "cpu": _cpu_model()}


def _memory_gb() -> float:
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemTotal:"):
                    return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return 0.0


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def peak_rss_mb() -> float:
    """Peak resident set size of this process, as measured by the kernel (ru_maxrss is in KiB on Linux)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def percentile(values: Sequence[float], p: float) -> float:
    """The p-th percentile (0-100) with linear interpolation between the closest ranks."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def percentiles(values: Sequence[float], ps: Iterable[float] = (50, 95, 99)) -> dict[str, float]:
    return {f"p{p:g}": percentile(values, p) for p in ps}


def write_result(name: str, size: dict, metrics: dict[str, float], baseline: dict[str, float]) -> tuple[Path, dict]:
    """Write bench/results/<name>.json; ratio = metric / baseline for every metric that has a baseline."""
    result = {
        "benchmark": name,
        "when": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "machine": machine(),
        "size": size,
        "metrics": metrics,
        "baseline": baseline,
        "ratio": {k: round(metrics[k] / v, 4) for k, v in baseline.items() if k in metrics and v},
    }
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"{name}.json"
    path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return path, result


def print_table(result: dict, notes: Sequence[str] = ()) -> None:
    m = result["machine"]
    print(f"\n{result['benchmark']} benchmark, {result['when']}, {m['cpus']} CPUs, {m['memory_gb']} GB, {m['cpu']}")
    print("size: " + ", ".join(f"{k} {v:,}" for k, v in result["size"].items()))
    rows = [("metric", "value", "baseline", "ratio")]
    for key, value in result["metrics"].items():
        base = result["baseline"].get(key)
        ratio = result["ratio"].get(key)
        rows.append((key, f"{value:,.4g}", "" if base is None else f"{base:,.4g}", "" if ratio is None else f"{ratio:.4f}"))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    for row in rows:
        print("  " + "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))))
    for note in notes:
        print(f"  {note}")
