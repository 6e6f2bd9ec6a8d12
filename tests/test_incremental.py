"""Scheduled crawls: incremental state, revisions, exactly once, locks, exit codes."""

from __future__ import annotations

import os
import signal
import time
from collections import Counter
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from newscrawl import health
from newscrawl.replica.content import CASES, DEFAULT_SITE, MENUS
from newscrawl.replica.server import ReplicaServer
from tests.crawl_runner import FAST, Crawl, finish_crawl, read_feed, run_crawl, start_crawl

EDITED = CASES["seed"]


def incremental(state: Path, *extra: str) -> tuple[str, ...]:
    return ("-a", "incremental=true", "-s", f"NEWSCRAWL_STATE_DIR={state}", *FAST, *extra)


EDIT_TIME = datetime.now(ZoneInfo("Asia/Almaty")).replace(microsecond=0, tzinfo=None)


def edited_site():  # type: ignore[no-untyped-def]
    """The seed article corrected by its editor just now: K2 sets its modification time,
    so the sitemap announces a new lastmod."""
    article = DEFAULT_SITE.article(EDITED)
    paragraphs = (*article.paragraphs[:-1], article.paragraphs[-1] + " Исправлено.")
    return DEFAULT_SITE.with_article(EDITED, paragraphs=paragraphs, modified=EDIT_TIME)


@pytest.fixture
def site() -> ReplicaServer:
    with ReplicaServer() as server:
        yield server  # type: ignore[misc]


def test_second_run_emits_nothing_third_emits_the_edit(site: ReplicaServer, tmp_path: Path) -> None:
    state = tmp_path / "state"
    first = run_crawl(site.base_url, tmp_path / "1", *incremental(state))
    assert first.returncode == 0, first.log[-2000:]
    assert len(first.items) == len(DEFAULT_SITE.articles)
    assert {item["revision"] for item in first.items} == {1}
    assert first.stat("newscrawl/state/new") == len(DEFAULT_SITE.articles)

    second = run_crawl(site.base_url, tmp_path / "2", *incremental(state))
    assert second.returncode == 0, second.log[-2000:]
    assert second.items == []
    # all but the page-2-only article: the listings are walked down to what is known
    assert second.stat("newscrawl/state/skipped_known") == len(DEFAULT_SITE.articles) - 1
    assert second.stat("newscrawl/requests/listing") == len(MENUS)

    site.site = edited_site()
    third = run_crawl(site.base_url, tmp_path / "3", *incremental(state))
    assert third.returncode == 0, third.log[-2000:]
    assert [(item["article_id"], item["revision"]) for item in third.items] == [(str(EDITED), 2)]
    assert third.items[0]["body"][-1].endswith("Исправлено.")
    assert (
        third.items[0]["modified"] == EDIT_TIME.replace(tzinfo=ZoneInfo("Asia/Almaty")).isoformat()
    )


def test_revalidation_uses_http_validators(site: ReplicaServer, tmp_path: Path) -> None:
    """With every article due, unchanged pages cost a 304 and no parse; an edit the site
    did not announce (no new lastmod) is still caught by its content."""
    state = tmp_path / "state"
    all_due = ("-s", "NEWSCRAWL_REVISIT_DAYS=100000")
    assert run_crawl(site.base_url, tmp_path / "1", *incremental(state)).returncode == 0
    second = run_crawl(site.base_url, tmp_path / "2", *incremental(state, *all_due))
    assert second.items == []
    assert second.stat("newscrawl/state/not_modified") == len(DEFAULT_SITE.articles)
    assert second.stat("newscrawl/field/title/profile") == 0  # nothing parsed twice

    article = DEFAULT_SITE.article(EDITED)
    site.site = DEFAULT_SITE.with_article(EDITED, title=article.title + " (обновлено)")
    third = run_crawl(site.base_url, tmp_path / "3", *incremental(state, *all_due))
    assert [(item["article_id"], item["revision"]) for item in third.items] == [(str(EDITED), 2)]


def _final_feeds(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.jsonl"))


def _fetching(site: ReplicaServer, feeds: Path) -> bool:
    """Killed while pages are being fetched (articles found, nothing written yet)."""
    return sum("/item/" in target for _, target in site.requests) >= 5


def _writing(site: ReplicaServer, feeds: Path) -> bool:
    """Killed once some batch files are complete and committed, others not yet."""
    return bool(_final_feeds(feeds))


@pytest.mark.parametrize("moment", [_fetching, _writing], ids=["fetching", "writing"])
def test_sigkill_then_rerun_delivers_every_article_once(
    tmp_path: Path, moment: Callable[[ReplicaServer, Path], bool]
) -> None:
    state, feeds = tmp_path / "state", tmp_path / "feeds"
    # batch files of 10 articles: files are completed all through the crawl
    per_run = (
        "-o",
        f"{feeds}/expertkz-%(batch_time)s.jsonl",
        "-s",
        "FEED_EXPORT_BATCH_ITEM_COUNT=10",
    )
    with ReplicaServer(delay=0.05) as slow_site:
        victim = start_crawl(
            slow_site.base_url, tmp_path / "killed", *incremental(state, *per_run), own_feed=True
        )
        deadline = time.monotonic() + 60
        while not moment(slow_site, feeds) and victim.poll() is None:
            assert time.monotonic() < deadline
            time.sleep(0.002)
        assert victim.poll() is None, "the crawl ended before it could be killed"
        os.kill(victim.pid, signal.SIGKILL)
        victim.wait()
        published = {p: p.read_bytes() for p in _final_feeds(feeds)}
        rerun = run_crawl(
            slow_site.base_url, tmp_path / "rerun", *incremental(state, *per_run), own_feed=True
        )
        assert rerun.returncode == 0, rerun.log[-2000:]
    assert all(path.read_bytes() == data for path, data in published.items())
    delivered = Counter(
        item["article_id"] for path in _final_feeds(feeds) for item in read_feed(path)
    )
    assert delivered == Counter(str(a.item_id) for a in DEFAULT_SITE.articles)
    leftovers = {p.name for p in feeds.iterdir()} - {p.name for p in _final_feeds(feeds)}
    assert all(name.endswith((".partial", ".summary.json")) for name in leftovers), leftovers


def test_per_run_feed_is_final_only_when_complete_and_has_a_summary(
    site: ReplicaServer, tmp_path: Path
) -> None:
    feeds = tmp_path / "feeds"
    result = run_crawl(
        site.base_url,
        tmp_path / "run",
        *incremental(tmp_path / "state", "-o", f"{feeds}/expertkz-%(time)s.jsonl"),
        own_feed=True,
    )
    assert result.returncode == 0, result.log[-2000:]
    (feed,) = _final_feeds(feeds)
    assert not list(feeds.glob("*.partial"))
    summary_path = feed.with_name(feed.stem + ".summary.json")
    lines = summary_path.read_text().splitlines()
    assert len(lines) == 1
    import json

    summary = json.loads(lines[0])
    assert summary["exit_status"] == 0
    assert summary["emitted_new"] == len(read_feed(feed)) == len(DEFAULT_SITE.articles)
    assert summary["discovered"] == len(DEFAULT_SITE.articles) + 1  # the dead link too
    assert summary["errors"]["http_404"] == 1


def test_second_concurrent_run_exits_at_once(tmp_path: Path) -> None:
    state = tmp_path / "state"
    # slow enough (about 40 requests x 0.4 s, 2 at a time) to outlast the second's start-up
    with ReplicaServer(delay=0.4) as slow_site:
        first = start_crawl(slow_site.base_url, tmp_path / "a", *incremental(state))
        while not slow_site.requests:
            time.sleep(0.02)
        started = time.monotonic()
        second = run_crawl(slow_site.base_url, tmp_path / "b", *incremental(state))
        assert first.poll() is None, "the runs did not overlap; the test proves nothing"
        assert second.returncode == health.LOCKED
        assert time.monotonic() - started < 15
        assert "another crawl" in second.log and "Traceback" not in second.log
        assert second.items == []
        done = finish_crawl(first, tmp_path / "a")
    assert done.returncode == 0, done.log[-2000:]
    assert len(done.items) == len(DEFAULT_SITE.articles)


def test_stale_lock_of_a_dead_process_is_taken_over(site: ReplicaServer, tmp_path: Path) -> None:
    state = tmp_path / "state"
    state.mkdir()
    (state / "crawl.lock").write_text("999999999\n")  # no such pid
    result = run_crawl(site.base_url, tmp_path / "run", *incremental(state))
    assert result.returncode == 0, result.log[-2000:]
    assert "took over the lock of pid 999999999" in result.log


def test_jobdir_resume_works_with_the_spider(site: ReplicaServer, tmp_path: Path) -> None:
    result = run_crawl(site.base_url, tmp_path, "-s", f"JOBDIR={tmp_path / 'job'}", *FAST)
    assert result.returncode == 0, result.log[-2000:]
    assert len(result.items) == len(DEFAULT_SITE.articles)
    assert result.stat("scheduler/enqueued/disk") > 0
    assert result.stat("scheduler/unserializable") == 0


def _exit(result: Crawl) -> int:
    return result.returncode


def test_unreachable_site_exits_3(tmp_path: Path) -> None:
    with ReplicaServer() as gone:
        base_url = gone.base_url  # a port that nobody listens on once stopped
    result = run_crawl(base_url, tmp_path, *FAST, "-s", "RETRY_TIMES=0")
    assert _exit(result) == health.UNREACHABLE
    assert "could not be reached" in result.log


class RedesignedSite(ReplicaServer):
    """The site after a template change: K2's item classes renamed."""

    def route(self, request):  # type: ignore[no-untyped-def]
        response = super().route(request)
        body = response.body
        for old, new in (
            (b"itemTitle", b"articleTitle"),
            (b"itemFullText", b"articleText"),
            (b"itemIntroText", b"articleLead"),
        ):
            body = body.replace(old, new)
        return response._replace(body=body)


def test_changed_templates_exit_4(tmp_path: Path) -> None:
    with RedesignedSite() as redesigned:
        result = run_crawl(redesigned.base_url, tmp_path, *FAST)
    assert _exit(result) == health.UNHEALTHY
    assert "did the site change its templates?" in result.log
    assert result.items, "what could still be extracted is still delivered"


def test_bad_arguments_exit_2_with_one_line(tmp_path: Path) -> None:
    for argument in ("base_url=expert-kz.com", "since=01.11.2024", "incremental=maybe"):
        result = run_crawl("http://127.0.0.1:9", tmp_path, "-a", argument)
        assert result.returncode == health.USAGE
        assert "Traceback" not in result.log
        error_lines = [line for line in result.log.splitlines() if "error:" in line]
        assert len(error_lines) == 1, result.log


def test_jobdir_pause_and_resume_delivers_every_article_once(tmp_path: Path) -> None:
    """Ctrl-C (SIGINT) mid-crawl, then the same command again: Scrapy's JOBDIR resumes.
    Per-run files: the paused run publishes what it parsed, the resumed one the rest."""
    feeds = tmp_path / "feeds"
    job = ("-s", f"JOBDIR={tmp_path / 'job'}", *FAST, "-o", f"{feeds}/part-%(time)s.jsonl")
    with ReplicaServer(delay=0.05) as slow_site:
        paused = start_crawl(slow_site.base_url, tmp_path / "paused", *job, own_feed=True)
        deadline = time.monotonic() + 60
        while sum("/item/" in target for _, target in slow_site.requests) < 5:
            assert time.monotonic() < deadline and paused.poll() is None
            time.sleep(0.01)
        paused.send_signal(signal.SIGINT)  # Scrapy's graceful stop: state kept in JOBDIR
        first = finish_crawl(paused, tmp_path / "paused")
        fetched_before = [t for _, t in slow_site.requests if "/item/" in t]
        published = _final_feeds(feeds)
        resumed = run_crawl(slow_site.base_url, tmp_path / "resumed", *job, own_feed=True)
        fetched_after = [t for _, t in slow_site.requests if "/item/" in t]
    assert first.stats["finish_reason"] == "shutdown"
    assert first.returncode == health.ERRORED  # cut short: cron must not take it as done
    assert resumed.returncode == 0, resumed.log[-2000:]
    assert len(published) == 1 and len(_final_feeds(feeds)) == 2
    delivered = Counter(
        item["article_id"] for path in _final_feeds(feeds) for item in read_feed(path)
    )
    assert delivered == Counter(str(a.item_id) for a in DEFAULT_SITE.articles)
    refetched = set(fetched_after[len(fetched_before) :]) & set(fetched_before)
    assert not refetched, "the resumed run fetched pages the paused one had done"
