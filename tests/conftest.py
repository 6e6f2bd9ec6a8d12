"""Shared fixtures: the replica served over real HTTP, and real ``scrapy crawl`` runs."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from newscrawl.__main__ import crawl_command, scrapy_env
from newscrawl.replica.server import ReplicaServer

PROJECT_ROOT = Path(__file__).resolve().parent.parent

#: politeness off for speed; the politeness test runs with the project defaults
FAST = ("-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False")


@dataclass
class Crawl:
    returncode: int
    items: list[dict[str, Any]]
    stats: dict[str, Any]
    log: str

    def stat(self, key: str) -> int:
        return int(self.stats.get(key, 0))


def run_crawl(base_url: str, workdir: Path, *extra: str, timeout: float = 120) -> Crawl:
    """One ``scrapy crawl expertkz`` in a child process, as a user would run it."""
    feed = workdir / "feed.jsonl"
    stats_file = workdir / "stats.json"
    command = crawl_command(base_url, feed, ["-s", f"NEWSCRAWL_STATS_FILE={stats_file}", *extra])
    done = subprocess.run(
        command,
        cwd=PROJECT_ROOT,
        env=scrapy_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    items = []
    if feed.exists():
        items = [json.loads(line) for line in feed.read_text("utf-8").splitlines() if line]
    stats = json.loads(stats_file.read_text()) if stats_file.exists() else {}
    return Crawl(done.returncode, items, stats, done.stderr)


@pytest.fixture(scope="module")
def replica() -> Iterator[ReplicaServer]:
    with ReplicaServer() as server:
        yield server
