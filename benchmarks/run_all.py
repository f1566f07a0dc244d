"""Run every benchmark in this folder, one after the other, and save each one's report.

Run: .venv/bin/python benchmarks/run_all.py [OUT_DIR]   (default: benchmarks/results/)

Each bench_*.py prints its own markdown table; BENCHMARKS.md quotes them. Benchmarks time their
peers side by side in the same process, so the ratios are what to compare across machines.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    out_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "results"
    out_dir.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, PYTHONPATH=str(HERE.parent / "python"), PYTHONUNBUFFERED="1")
    failed = []
    for script in sorted(HERE.glob("bench_*.py")):
        started = time.perf_counter()
        result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                                env=env, cwd=HERE.parent)
        report = out_dir / f"{script.stem}.md"
        report.write_text(result.stdout + (f"\n\nstderr:\n{result.stderr}" if result.returncode else ""))
        status = "ok" if result.returncode == 0 else f"FAILED ({result.returncode})"
        print(f"{script.name:<24} {status:<12} {time.perf_counter() - started:6.1f} s -> {report}")
        if result.returncode:
            failed.append(script.name)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
