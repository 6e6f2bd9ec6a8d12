"""What a cron run costs on a site without a sitemap: ``python benchmarks/quiet_bench.py``.

For each size, two generated K2 sites with no sitemap (``static_site``, as K2 ships):
the site before and after 12 new articles were published. The state of a finished
first crawl is written straight into ``state.sqlite`` (the records a first crawl
commits, through ``SQLiteStateStore``; crawling 50,000 pages only to build it would
measure nothing this benchmark is about), then one ``-a sweep=true`` run on the site
*before* reads every listing page and records how far each section was walked. Then,
on the site *after*, the measured runs:

* ``quiet``: the cron run that finds the 12 new articles;
* ``idle``: the next one, with nothing new.

Each reports the requests it made (by kind, from the crawl's stats), the articles it
delivered, its wall time (the process, start-up included) and the crawl's own
elapsed time (Scrapy's ``elapsed_time_seconds``). Every listing page is rendered, but
article pages only for the new articles (nothing else is fetched), so generating even
the 50,000-article site takes little time.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: import this checkout, not an installed one
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "newscrawl.settings")

from benchmarks import crawls
from benchmarks.servers import free_port, start_server
from benchmarks.static_site import SiteShape, generate
from benchmarks.synthetic import light_articles
from newscrawl.replica.textutil import iso_local
from newscrawl.state.store import ArticleRecord, SQLiteStateStore, utc_now

NEW = 12
KINDS = ("robots", "sitemap", "feed", "home", "listing", "article_new", "article_revisit", "other")


def seed_state(state: Path, size: int, seed: int, base_url: str) -> None:
    """The committed state of a first crawl of the site before the new articles."""
    store = SQLiteStateStore(state)
    for light in light_articles(size, seed, NEW):
        store.stage(
            ArticleRecord(
                article_id=str(light.item_id),
                url=base_url + light.path,
                fingerprint=f"seeded-{light.item_id}",
                revision=1,
                published=iso_local(light.published),
                fetched_at=utc_now(),
            )
        )
    store.commit_run()
    store.close()


def measured(result: crawls.CrawlResult) -> dict[str, Any]:
    stats = result.stats
    return {
        "exit_code": result.exit_code,
        # requests to the site; the downloader also counts the in-process data: requests
        # that release held articles (newscrawl.sitewide.hold)
        "requests": sum(int(v) for k, v in stats.items() if k.startswith("newscrawl/requests/")),
        "downloader_requests": int(stats.get("downloader/request_count", 0)),
        "by_kind": {kind: int(stats.get(f"newscrawl/requests/{kind}", 0)) for kind in KINDS},
        "listing_pages": {
            menu: int(stats.get(f"newscrawl/listing/{menu}/pages", 0))
            for menu in ("tema", "novosti", "kz")
        },
        "items": result.items,
        "wall_s": result.wall_s,
        "crawl_s": round(result.elapsed_s, 3),
        "cpu_s": result.cpu_s,
        "revisit_queue": int(stats.get("newscrawl/revisit/queue", 0)),
    }


def run_size(size: int, options: argparse.Namespace, port: int) -> dict[str, Any]:
    base_url = f"http://127.0.0.1:{port}"
    root = options.workdir / f"quiet-{size}-{options.seed}"
    before = generate(
        root / "before",
        size,
        base_url,
        options.seed,
        shape=SiteShape(unpublished=NEW, sitemap=False, article_pages=0),
    )
    after = generate(
        root / "after",
        size + NEW,
        base_url,
        options.seed,
        shape=SiteShape(sitemap=False, article_pages=NEW),
    )
    work = options.workdir / f"quiet-crawl-{size}"
    state = work / "state"
    shutil.rmtree(work, ignore_errors=True)
    seed_state(state, size, options.seed, base_url)
    state_args = crawls.incremental_args(state)
    runs: dict[str, Any] = {"listing_pages": before.listing_pages}
    with start_server(before.root, port, options.workdir / "nginx", options.server) as server:
        sweep = crawls.run_crawl(server.base_url, work, "sweep", [*state_args, "-a", "sweep=true"])
        runs["sweep"] = measured(sweep)
    with start_server(after.root, port, options.workdir / "nginx", options.server) as server:
        runs["server"] = server.name
        for label in ("quiet", "idle"):
            runs[label] = measured(crawls.run_crawl(server.base_url, work, label, state_args))
    return runs


def render(results: dict[str, Any]) -> str:
    lines = [
        "Quiet cron runs on a K2 site without a sitemap (12 new articles, then none)",
        f"{'articles':>9} {'run':>6} {'requests':>8} {'listing':>7} {'new':>4} "
        f"{'items':>5} {'wall s':>7} {'crawl s':>7}",
    ]
    for size, runs in results["sizes"].items():
        for label in ("sweep", "quiet", "idle"):
            run = runs[label]
            lines.append(
                f"{size:>9} {label:>6} {run['requests']:>8} {run['by_kind']['listing']:>7} "
                f"{run['by_kind']['article_new']:>4} {run['items']:>5} {run['wall_s']:>7.2f} "
                f"{run['crawl_s']:>7.2f}"
            )
    return "\n".join(lines)


def rerender(path: Path) -> None:
    """Print the table of a results file."""
    print(render(json.loads(path.read_text())))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--server", choices=("auto", "nginx", "python"), default="auto")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/newscrawl-bench"))
    parser.add_argument("--json", type=Path, default=Path("benchmarks/quiet_results.json"))
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args(argv)
    port = options.port or free_port()
    results: dict[str, Any] = {"started": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "sizes": {}}
    for size in (int(s) for s in options.sizes.split(",") if s.strip()):
        results["sizes"][str(size)] = run_size(size, options, port)
        print(f"quiet runs at {size} articles done", flush=True)
    print(render(results))
    options.json.parent.mkdir(parents=True, exist_ok=True)
    options.json.write_text(json.dumps(results, indent=2))
    print(f"\nresults written to {options.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
