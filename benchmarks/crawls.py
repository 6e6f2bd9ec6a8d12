"""End-to-end crawls: ``scrapy crawl expertkz`` in a child process, measured from outside.

Each crawl is the command a user runs (``newscrawl.__main__.crawl_command``), started
from the repository root so the child imports this checkout's ``newscrawl``. CPU time
comes from ``os.wait4`` on that one child (``ru_utime + ru_stime``). Peak RSS is the
crawl's own VmHWM (``newscrawl/peak_rss_mb`` in its stats): on Linux a child's
``ru_maxrss`` starts from the parent's RSS at fork, so ``wait4`` only bounds it from
above (it is used when the stat is missing). Page counts and the crawl's own elapsed
time are read from the stats Scrapy dumps to its log at the end of the crawl.
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from newscrawl.__main__ import crawl_command, scrapy_env

REPO = Path(__file__).resolve().parent.parent

#: politeness off, for the benchmark only: no delay, no AutoThrottle, a wide slot
FAST = (
    "-s", "DOWNLOAD_DELAY=0",
    "-s", "AUTOTHROTTLE_ENABLED=False",
    "-s", "CONCURRENT_REQUESTS=32",
    "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=32",
    "-s", "TELNETCONSOLE_ENABLED=False",
    "-s", "LOG_LEVEL=INFO",
)  # fmt: skip
#: the bare crawl: same spider and discovery, article callback returns at once
BARE = ("-s", "NEWSCRAWL_EXTRACT=False", "-s", "ITEM_PIPELINES={}")

_NUMERIC_STAT = re.compile(r"'([^']+)':\s*(-?\d+(?:\.\d+)?)\s*[,}]")


@dataclass
class CrawlResult:
    """One crawl as measured: what it fetched, how long it took, what it cost."""

    label: str
    exit_code: int
    wall_s: float
    cpu_s: float
    max_rss_mb: float
    pages: int
    items: int
    elapsed_s: float
    stats: dict[str, float] = field(default_factory=dict, repr=False)

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.elapsed_s if self.elapsed_s else 0.0

    @property
    def cpu_percent(self) -> float:
        return 100 * self.cpu_s / self.wall_s if self.wall_s else 0.0

    @property
    def cpu_ms_per_page(self) -> float:
        return 1000 * self.cpu_s / self.pages if self.pages else 0.0

    def summary(self) -> dict[str, object]:
        data = asdict(self)
        data.pop("stats")
        data.update(
            pages_per_s=round(self.pages_per_s, 1),
            cpu_percent=round(self.cpu_percent, 1),
            cpu_ms_per_page=round(self.cpu_ms_per_page, 3),
            stats={k: v for k, v in self.stats.items() if not k.startswith("newscrawl/field/")},
        )
        return data


def parse_stats(log: str) -> dict[str, float]:
    """The numeric values of the last "Dumping Scrapy stats" block of a crawl log."""
    block = log.rsplit("Dumping Scrapy stats:", 1)[-1] if "Dumping Scrapy stats:" in log else ""
    return {key: float(value) for key, value in _NUMERIC_STAT.findall(block)}


def run_crawl(base_url: str, workdir: Path, label: str, extra: Sequence[str] = ()) -> CrawlResult:
    """Crawl ``base_url`` once; the feed and the log go to ``workdir/<label>.*``."""
    workdir.mkdir(parents=True, exist_ok=True)
    log = workdir / f"{label}.log"
    output = workdir / f"{label}.jsonl"
    command = crawl_command(base_url, output, [*FAST, "-s", f"LOG_FILE={log}", *extra])
    path = os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH", "")) if p)
    env = {**scrapy_env(), "PYTHONPATH": path}
    log.unlink(missing_ok=True)
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=REPO, env=env, stdin=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    stats = parse_stats(log.read_text(encoding="utf-8", errors="replace") if log.exists() else "")
    return CrawlResult(
        label=label,
        exit_code=process.returncode,
        wall_s=round(wall, 3),
        cpu_s=round(usage.ru_utime + usage.ru_stime, 3),
        max_rss_mb=round(float(stats.get("newscrawl/peak_rss_mb") or usage.ru_maxrss / 1024), 1),
        pages=int(stats.get("response_received_count", 0)),
        items=int(stats.get("item_scraped_count", 0)),
        elapsed_s=stats.get("elapsed_time_seconds", 0.0),
        stats=stats,
    )


def directory_size(path: Path) -> int:
    """Bytes in the files under ``path`` (0 when it does not exist)."""
    if not path.exists():
        return 0
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def incremental_args(state_dir: Path) -> list[str]:
    """Issue 4's switches: state in SQLite under ``state_dir``."""
    return ["-a", "incremental=true", "-s", f"NEWSCRAWL_STATE_DIR={state_dir}"]
