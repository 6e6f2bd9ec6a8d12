"""Rebuilding the feed from the crawl's web archive, with no network."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newscrawl.archive.reader import Damage, read_warc
from newscrawl.replica.content import DEFAULT_SITE
from newscrawl.state.lock import StateLock
from tests.archive_support import GzipReplica
from tests.crawl_runner import FAST, PROJECT_ROOT, read_feed, run_crawl

SEED = "193315"


def rebuild(*args: str | Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "newscrawl", "extract", *map(str, args)]
    return subprocess.run(
        command, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120, check=False
    )


def by_article(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["article_id"]: {k: v for k, v in r.items() if k != "crawled_at"} for r in records}


@pytest.fixture(scope="module")
def crawled(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Path, list[dict[str, Any]]]]:
    """An incremental crawl of the (gzipping) replica with the archive on."""
    work = tmp_path_factory.mktemp("crawled")
    with GzipReplica() as site:
        crawl = run_crawl(
            site.base_url,
            work,
            *FAST,
            "-a",
            "incremental=true",
            "-s",
            f"NEWSCRAWL_STATE_DIR={work / 'state'}",
            "-s",
            f"NEWSCRAWL_ARCHIVE={work / 'warc'}",
        )
    assert crawl.returncode == 0, crawl.log[-2000:]
    assert len(crawl.items) == len(DEFAULT_SITE.articles)
    # the archive was fsync'd before the state took the feed file (before_state_commit)
    assert crawl.stat("newscrawl/archive/syncs") >= 1
    yield work, crawl.items


@pytest.mark.parametrize("jobs", [1, 2])
def test_rebuild_equals_the_crawls_feed(crawled, tmp_path: Path, jobs: int) -> None:  # type: ignore[no-untyped-def]
    work, feed = crawled
    done = rebuild(work / "warc", "-o", tmp_path / "rebuilt.jsonl", "-j", str(jobs))
    assert done.returncode == 0, done.stderr[-3000:]
    rebuilt = read_feed(tmp_path / "rebuilt.jsonl")
    assert len(rebuilt) == len(feed)
    # the crawl was incremental (revision 1 each); the rebuild without state has none
    assert by_article(rebuilt) == {k: {**v, "revision": None} for k, v in by_article(feed).items()}
    if jobs > 1:  # the worker processes did the parsing
        ahead = int(done.stderr.rsplit(", ", 1)[1].split()[0])
        assert ahead > len(feed) // 2, done.stderr


def test_rebuild_with_state_emits_only_changed_articles_as_revisions(
    crawled, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    work, feed = crawled
    state = tmp_path / "state"
    (tmp_path / "state").mkdir()
    source = sqlite3.connect(work / "state" / "state.sqlite")
    source.backup(target := sqlite3.connect(state / "state.sqlite"))
    source.close()
    unchanged = rebuild(work / "warc", "-o", tmp_path / "same.jsonl", "--state", state)
    assert unchanged.returncode == 0, unchanged.stderr[-3000:]
    assert read_feed(tmp_path / "same.jsonl") == []
    # as if the seed article had been delivered by an older parser with other content
    target.execute("UPDATE articles SET fingerprint = 'older' WHERE article_id = ?", (SEED,))
    target.commit()
    target.close()
    fixed = rebuild(work / "warc", "-o", tmp_path / "fixed.jsonl", "--state", state)
    assert fixed.returncode == 0, fixed.stderr[-3000:]
    revised = read_feed(tmp_path / "fixed.jsonl")
    assert [(r["article_id"], r["revision"]) for r in revised] == [(SEED, 2)]
    original = by_article(feed)[SEED]
    assert by_article(revised)[SEED] == {**original, "revision": 2}


def test_a_damaged_record_is_reported_and_the_rest_rebuilt(crawled, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    work, feed = crawled
    (archive,) = sorted((work / "warc").glob("*.warc.gz"))
    seed_offset = next(
        r.offset
        for r in read_warc(archive)
        if not isinstance(r, Damage)
        and r.type == "response"
        and f"/item/{SEED}" in r.headers["warc-target-uri"]
    )
    data = bytearray(archive.read_bytes())
    data[seed_offset + 200 : seed_offset + 260] = bytes(60)  # zeros inside its deflate data
    damaged = tmp_path / archive.name
    damaged.write_bytes(bytes(data))
    done = rebuild(damaged, "-o", tmp_path / "rebuilt.jsonl")
    assert done.returncode == 1
    lines = [line for line in done.stderr.splitlines() if "skipped" in line and "@" in line]
    assert len(lines) == 1 and f"{damaged}@{seed_offset}: skipped:" in lines[0], done.stderr
    rebuilt = by_article(read_feed(tmp_path / "rebuilt.jsonl"))
    assert set(rebuilt) == set(by_article(feed)) - {SEED}


def test_rebuild_with_state_waits_for_no_crawl(crawled, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    work, _ = crawled
    with StateLock(tmp_path):
        done = rebuild(work / "warc", "-o", tmp_path / "out.jsonl", "--state", tmp_path)
    assert done.returncode == 75, done.stderr
    assert not (tmp_path / "out.jsonl").exists()
