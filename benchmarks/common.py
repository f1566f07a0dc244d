"""Timing helpers shared by the benchmarks: best-of-N wall time, rates, a markdown table."""
from __future__ import annotations

import os
import sys
import time
from typing import Callable

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "python"))
sys.path.insert(0, os.path.join(ROOT, "tests"))  # the numpy/Python references


def best_time(fn: Callable[[], object], repeats: int = 5) -> float:
    """Best wall-clock seconds of ``repeats`` calls (the least disturbed by other load)."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def pin_to_one_core() -> None:
    """Measure 'on one core': pin this process (and the children it starts) to CPU 0."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def table(rows: list[tuple], header: tuple) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in rows:
        lines.append("| " + " | ".join(str(c) for c in row) + " |")
    return "\n".join(lines)


def unlocked_kernel_module(name: str):  # type: ignore[no-untyped-def]
    """The kernel module ``nrcore.<name>`` compiled with -DNRCORE_NO_LOCK (its lock calls
    compiled out), to measure what thread safety costs. Built once from the generated C file
    (cython/<name>.c, left by `make setup`) into build/nolock/, loaded under another name."""
    import hashlib
    import importlib.util
    import subprocess
    import sysconfig

    import numpy

    source = os.path.join(ROOT, "cython", f"{name}.c")
    with open(source, "rb") as f:
        digest = hashlib.sha1(f.read()).hexdigest()[:12]
    folder = os.path.join(ROOT, "build", "nolock", digest)
    suffix = sysconfig.get_config_var("EXT_SUFFIX")
    target = os.path.join(folder, f"{name}{suffix}")
    if not os.path.exists(target):
        os.makedirs(folder, exist_ok=True)
        cmd = [sysconfig.get_config_var("CC").split()[0], "-shared", "-fPIC", "-O3",
               "-fno-math-errno", "-ffp-contract=off", "-DNRCORE_NO_LOCK",
               "-DNPY_NO_DEPRECATED_API=NPY_1_7_API_VERSION",
               f"-I{sysconfig.get_paths()['include']}", f"-I{numpy.get_include()}",
               f"-I{os.path.join(ROOT, 'cython')}", source, "-o", target]
        subprocess.run(cmd, check=True)
    spec = importlib.util.spec_from_file_location(name, target)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def alternating_ratio(first: Callable[[], object], second: Callable[[], object],
                      rounds: int = 21) -> tuple[float, float]:
    """Time ``first`` and ``second`` in alternating rounds, in this thread's CPU time (so time
    spent descheduled on a loaded machine does not count, and load drifts hit both alike);
    returns (median of the per-round ratios second/first, ratio of the best times)."""
    ratios, best_a, best_b = [], float("inf"), float("inf")
    for _ in range(rounds):
        start = time.thread_time()
        first()
        a = time.thread_time() - start
        start = time.thread_time()
        second()
        b = time.thread_time() - start
        ratios.append(b / a)
        best_a, best_b = min(best_a, a), min(best_b, b)
    ratios.sort()
    return ratios[len(ratios) // 2], best_b / best_a
