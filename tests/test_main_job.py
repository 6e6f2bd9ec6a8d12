"""``python -m newscrawl``: a short account of the run, not Scrapy's log stream."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from newscrawl.__main__ import scrapy_env
from tests.crawl_runner import FAST


def run_main_job(workdir: Path, *scrapy_args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "newscrawl", "--output", "out/feed.jsonl", "--"]
    return subprocess.run(
        [*command, *FAST, *scrapy_args],
        cwd=workdir,
        env=scrapy_env(),
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_main_job_gives_a_short_account(tmp_path: Path) -> None:
    done = run_main_job(tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.splitlines()
    assert lines[0].startswith("Crawling the bundled replica of expert-kz.com at http://")
    feed = tmp_path / "out" / "feed.jsonl"
    assert lines[1] == f"Wrote 29 articles to {feed} (exit status 0: healthy)."
    assert "  requests lost: http_404 1" in lines  # the replica's dead link
    assert len(lines) <= 8
    # Scrapy's log shows warnings only: the dead link, nothing of its INFO stream
    assert "] INFO: " not in done.stderr
    assert "(http_404)" in done.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "feed.jsonl",
        "feed.summary.json",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_scrapy_log_restored_on_request(tmp_path: Path) -> None:
    done = run_main_job(tmp_path, "-s", "LOG_LEVEL=INFO")
    assert done.returncode == 0, done.stderr[-3000:]
    assert "] INFO: Spider closed (finished)" in done.stderr
