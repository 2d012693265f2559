"""Run the benchmarks and print p50/p99 with the ratio to a baseline measured in the same run.

    python -m bench                 # every bench module, full size
    python -m bench --quick         # small data, for a smoke run
    python -m bench checkout        # only bench_checkout.py

Generated databases are cached in bench/out/ (ignored by git).
"""

import argparse
import importlib
import pkgutil
import platform
import sys
import time
from pathlib import Path

import bench


def _fmt(v, spec=".3f"):
    return "—" if v is None else format(v, spec)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench")
    p.add_argument("only", nargs="*", help="bench module names without the bench_ prefix")
    p.add_argument("--quick", action="store_true", help="small data sizes")
    p.add_argument("--workdir", default=str(Path(__file__).parent / "out"))
    args = p.parse_args(argv)
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    names = sorted(
        m.name for m in pkgutil.iter_modules(bench.__path__) if m.name.startswith("bench_")
    )
    if args.only:
        names = [n for n in names if n.removeprefix("bench_") in args.only]
    print(
        f"# {time.strftime('%Y-%m-%d %H:%M')} · {platform.platform()} · Python "
        f"{platform.python_version()} · {'quick' if args.quick else 'full'}"
    )
    print("| bench | n | p50 ms | p99 ms | baseline p50 ms | ratio | target |")
    print("|---|---|---|---|---|---|---|")
    for name in names:
        module = importlib.import_module(f"bench.{name}")
        for r in module.run(workdir, args.quick):
            print(
                f"| {r['name']} | {r.get('n', '')} | {_fmt(r['p50_ms'])} | {_fmt(r['p99_ms'])} | "
                f"{_fmt(r.get('baseline_p50_ms'))} | {_fmt(r.get('ratio'), '.2f')} | "
                f"{r.get('target', '')} |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
