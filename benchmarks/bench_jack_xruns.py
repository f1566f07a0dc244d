"""JACK's own xruns with and without nrcore: is a host xrun the rack's doing or the machine's?

Runs, one after the other on the same machine and load (JACK's paced dummy backend at
48 kHz / 256 started by the script, a CPU hog pinned to the other core):

1. the peer: ``jack_null_client`` (``benchmarks/jack_null_client.c``, built here), a C client
   that writes zeros and counts JACK's xrun callbacks;
2. the real launcher (``nrcore rack --sim``) under the same conditions, as
   ``python -m nrcore.hosts.jetson.rtcheck`` runs it.

Usage: ``python benchmarks/bench_jack_xruns.py --seconds 600`` (needs jackd2 and a C compiler).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from nrcore.hosts.jetson.rtcheck import (classify_underruns, cpu_hog, jack_available,
                                         jack_dummy, run_launcher, usable_model)

HERE = Path(__file__).resolve().parent


def build_null_client(folder: Path) -> Path:
    exe = folder / "jack_null_client"
    subprocess.run(["cc", "-O2", "-o", str(exe), str(HERE / "jack_null_client.c"),
                    "-l:libjack.so.0"], check=True)
    return exe


def null_client_xruns(exe: Path, server: str, seconds: float) -> dict[str, int]:
    env = dict(os.environ, JACK_DEFAULT_SERVER=server, JACK_NO_START_SERVER="1")
    out = subprocess.run([str(exe), str(seconds)], env=env, capture_output=True, text=True,
                         timeout=seconds + 60, check=True).stdout.split()
    return {"xruns": int(out[1]), "cycles": int(out[3])}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=600.0, help="per run")
    args = parser.parse_args()
    if not jack_available():
        print("jackd is not installed (apt-get install jackd2)", file=sys.stderr)
        return 2
    result: dict[str, object] = {"seconds": args.seconds}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        exe = build_null_client(work)
        model = usable_model(work)
        with jack_dummy(log=work / "jackd-null.log") as server, cpu_hog():
            result["null_client"] = null_client_xruns(exe, server, args.seconds)
            result["null_load"] = os.getloadavg()
        with jack_dummy(log=work / "jackd-rack.log") as server, cpu_hog():
            report = run_launcher(args.seconds, work, server, "portaudio", model)
            result["rack_load"] = os.getloadavg()
        own, after_host = classify_underruns(report)
        result["rack"] = {"callbacks": report["callbacks"], "host_xruns": report["host_xruns"],
                          "ring_underruns": report["underruns"], "own": len(own),
                          "after_host_xrun": len(after_host), "render_ms": report["render_ms"],
                          "render_cpu_ms": report["render_cpu_ms"]}
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
