"""Speed and memory of newscrawl at scale: ``python benchmarks/crawl_bench.py``.

For each size it generates a synthetic copy of the site (``static_site``), serves it on
127.0.0.1 (``servers``), measures the parser against trafilatura and lxml
(``parser_bench``) and crawls it bare and in full (``crawls``); then it prints the tables
and writes everything, targets included, as JSON. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: import this checkout, not an installed one
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "newscrawl.settings")

from benchmarks import crawls, parser_bench, report
from benchmarks.servers import free_port, start_server
from benchmarks.static_site import generate


def _options(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="article counts, comma-separated")
    parser.add_argument("--server", choices=("auto", "nginx", "python"), default="auto")
    parser.add_argument("--port", type=int, default=8731, help="0 picks a free port")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/newscrawl-bench"))
    parser.add_argument("--json", type=Path, default=Path("benchmarks/results.json"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--parse-pages", type=int, default=200, help="pages in the CPU test")
    parser.add_argument("--parse-passes", type=int, default=5)
    parser.add_argument("--skip-parser", action="store_true")
    parser.add_argument("--skip-crawl", action="store_true")
    parser.add_argument("--skip-bare", action="store_true", help="full crawl only")
    parser.add_argument(
        "--no-incremental",
        dest="incremental",
        action="store_false",
        help="crawl without -a incremental=true and skip the re-run",
    )
    parser.add_argument(
        "-s",
        "--setting",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="extra Scrapy setting for every crawl, e.g. -s CONCURRENT_ITEMS=1",
    )
    return parser.parse_args(argv)


def _crawl_size(
    server_url: str, work: Path, size: int, options: argparse.Namespace
) -> dict[str, Any]:
    extra = [arg for setting in options.setting for arg in ("-s", setting)]
    runs: dict[str, Any] = {}
    if not options.skip_bare:
        bare = crawls.run_crawl(server_url, work, "bare", [*crawls.BARE, *extra])
        runs["bare"] = bare.summary()
    state = work / "state"
    shutil.rmtree(state, ignore_errors=True)
    state_args = crawls.incremental_args(state) if options.incremental else []
    full = crawls.run_crawl(server_url, work, "full", [*state_args, *extra])
    runs["full"] = full.summary()
    runs["state_bytes"] = crawls.directory_size(state) if options.incremental else None
    if runs["state_bytes"]:
        rerun = crawls.run_crawl(server_url, work, "rerun", [*state_args, *extra])
        runs["rerun"] = rerun.summary()
        runs["rerun_speedup"] = round(full.wall_s / rerun.wall_s, 2) if rerun.wall_s else None
    for kind in ("bare", "full", "rerun"):
        if runs.get(kind, {}).get("exit_code"):
            print(f"warning: {kind} crawl of {size} exited {runs[kind]['exit_code']}")
    return runs


def main(argv: Sequence[str] | None = None) -> int:
    options = _options(argv)
    sizes = [int(s) for s in options.sizes.split(",") if s.strip()]
    port = options.port or free_port()
    base_url = f"http://127.0.0.1:{port}"
    results: dict[str, Any] = {
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
        "sizes": sizes,
        "crawls": {},
    }
    for n, size in enumerate(sizes):
        root = options.workdir / f"site-{size}-{options.seed}"
        started = time.perf_counter()
        info = generate(root, size, base_url, options.seed)
        results.setdefault("sites", {})[str(size)] = {
            **info.manifest(),
            "generate_s": round(time.perf_counter() - started, 1),
            "mean_page_kb": round(info.bytes_total / (info.articles + info.listing_pages) / 1e3, 1),
        }
        print(f"site of {size} articles ready in {root}", flush=True)
        if n == 0 and not options.skip_parser:
            pages = parser_bench.sample_pages(root, base_url, options.parse_pages)
            timings = parser_bench.cpu_ms_per_page(pages, options.parse_passes)
            results["parser"] = {**timings, "pages": len(pages)}
        if options.skip_crawl:
            continue
        work = options.workdir / f"crawl-{size}"
        with start_server(root, port, options.workdir / "nginx", options.server) as server:
            results["server"] = server.name
            results["crawls"][str(size)] = _crawl_size(server.base_url, work, size, options)
        print(f"crawls of {size} articles done", flush=True)
    results["targets"] = report.targets(results)
    print(report.render(results))
    options.json.parent.mkdir(parents=True, exist_ok=True)
    options.json.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(f"\nresults written to {options.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
