"""The feed is a stream (issue 10), end to end over HTTP.

Articles reach complete files while the crawl goes on; stopping keeps what was done;
a failed run never replaces a good ``-O`` file; furniture the site starts using is
learned in the run where it appears. Structural checks only: which files exist at a
given point of the crawl, never how long anything took (that is benchmarks/).
"""

from __future__ import annotations

import dataclasses
import json
import signal
import time
from collections import Counter
from pathlib import Path

from benchmarks import synthetic
from newscrawl import health
from newscrawl.replica.content import DEFAULT_SITE
from newscrawl.replica.model import PROMO_LINE, Site
from newscrawl.replica.server import ReplicaServer
from tests.crawl_runner import FAST, finish_crawl, read_feed, run_crawl, start_crawl

DISCLAIMER = (
    "Материал подготовлен в рамках государственного информационного заказа "
    "Министерства культуры и информации Республики Казахстан."
)
QUOTE = (
    "«Мы рассчитываем завершить все работы до конца года», – сообщили в пресс-службе "
    "акимата города."
)
ALL_REPLICA = Counter(str(a.item_id) for a in DEFAULT_SITE.articles)


def incremental(state: Path, *extra: str) -> tuple[str, ...]:
    return ("-a", "incremental=true", "-s", f"NEWSCRAWL_STATE_DIR={state}", *FAST, *extra)


def article_requests(server: ReplicaServer) -> int:
    return sum("/item/" in target for _, target in server.requests)


def final_files(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.jsonl"))


def delivered(directory: Path) -> Counter[str]:
    return Counter(item["article_id"] for p in final_files(directory) for item in read_feed(p))


def wait_for(condition: object, process: object, limit: float = 60) -> None:
    deadline = time.monotonic() + limit
    while not condition() and process.poll() is None:  # type: ignore[attr-defined,operator]
        assert time.monotonic() < deadline
        time.sleep(0.005)


def test_first_batch_is_complete_while_the_crawl_still_fetches(tmp_path: Path) -> None:
    site = Site(articles=tuple(synthetic.article(i) for i in range(1000)))
    feeds = tmp_path / "feeds"
    batches = ("-o", f"{feeds}/part-%(batch_id)05d.jsonl", "-s", "FEED_EXPORT_BATCH_ITEM_COUNT=100")
    with ReplicaServer(site) as server:
        process = start_crawl(server.base_url, tmp_path, *FAST, *batches, own_feed=True)
        first = feeds / "part-00001.jsonl"
        wait_for(first.exists, process, limit=120)
        fetched_then, running_then = article_requests(server), process.poll() is None
        crawl = finish_crawl(process, tmp_path, timeout=180)
        fetched = article_requests(server)
    assert crawl.returncode == 0, crawl.log[-2000:]
    assert running_then and len(read_feed(first)) == 100
    assert fetched_then <= fetched / 4  # delivered in the first quarter of the fetching
    assert sum(delivered(feeds).values()) == 1000 == len(delivered(feeds))
    assert not list(feeds.glob("*.partial"))


def test_sigterm_halfway_then_rerun_delivers_every_article_once(tmp_path: Path) -> None:
    state, feeds = tmp_path / "state", tmp_path / "feeds"
    batches = ("-o", f"{feeds}/part-%(batch_time)s.jsonl", "-s", "FEED_EXPORT_BATCH_ITEM_COUNT=10")
    with ReplicaServer(delay=0.05) as slow_site:
        stopped = start_crawl(
            slow_site.base_url, tmp_path / "stopped", *incremental(state, *batches), own_feed=True
        )
        wait_for(lambda: article_requests(slow_site) >= 14, stopped)
        stopped.send_signal(signal.SIGTERM)  # Scrapy's graceful shutdown
        first = finish_crawl(stopped, tmp_path / "stopped")
        first_run = delivered(feeds)
        rerun = run_crawl(
            slow_site.base_url, tmp_path / "rerun", *incremental(state, *batches), own_feed=True
        )
    assert first.stats["finish_reason"] == "shutdown"
    assert first.returncode == health.ERRORED
    assert sum(first_run.values()) >= 10  # what was parsed was delivered, not held
    assert first.stat("newscrawl/state/committed") == sum(first_run.values())
    assert rerun.returncode == 0, rerun.log[-2000:]
    assert delivered(feeds) == ALL_REPLICA  # every article exactly once across both runs
    assert not list(feeds.glob("*.partial"))


def test_closespider_itemcount_is_a_normal_end_even_with_one_file(tmp_path: Path) -> None:
    state = tmp_path / "state"
    limited = tmp_path / "limited.jsonl"
    with ReplicaServer() as site:
        first = run_crawl(
            site.base_url,
            tmp_path / "first",
            *incremental(state, "-O", str(limited), "-s", "CLOSESPIDER_ITEMCOUNT=5"),
            own_feed=True,
        )
        rest = tmp_path / "rest.jsonl"
        second = run_crawl(
            site.base_url, tmp_path / "second", *incremental(state, "-O", str(rest)), own_feed=True
        )
    assert second.returncode == health.OK
    assert first.stats["finish_reason"] == "closespider_itemcount"
    assert first.returncode == health.OK, first.log[-2000:]
    assert len(read_feed(limited)) >= 5 and not Path(f"{limited}.partial").exists()
    both = Counter(item["article_id"] for p in (limited, rest) for item in read_feed(p))
    assert both == ALL_REPLICA  # the limited run's articles were committed


def test_failed_runs_never_replace_a_good_file(tmp_path: Path) -> None:
    feed = tmp_path / "articles.jsonl"
    good = '{"article_id": "1"}\n'
    feed.write_text(good)
    with ReplicaServer() as gone:
        base_url = gone.base_url  # a port that nobody listens on once stopped
    unreachable = run_crawl(
        base_url, tmp_path / "down", "-O", str(feed), *FAST, "-s", "RETRY_TIMES=0", own_feed=True
    )
    assert unreachable.returncode == health.UNREACHABLE
    assert feed.read_text() == good
    assert Path(f"{feed}.partial").exists()
    assert sum("Not published" in line for line in unreachable.log.splitlines()) == 1

    with ReplicaServer(delay=0.05) as slow_site:
        interrupted = start_crawl(
            slow_site.base_url, tmp_path / "int", "-O", str(feed), *FAST, own_feed=True
        )
        wait_for(lambda: article_requests(slow_site) >= 8, interrupted)
        interrupted.send_signal(signal.SIGINT)
        cut = finish_crawl(interrupted, tmp_path / "int")
        assert cut.returncode == health.ERRORED
        assert feed.read_text() == good
        kept = read_feed(Path(f"{feed}.partial"))
        assert kept and {item["article_id"] for item in kept} <= set(ALL_REPLICA)

        complete = run_crawl(
            slow_site.base_url, tmp_path / "ok", "-O", str(feed), *FAST, own_feed=True
        )
    assert complete.returncode == 0, complete.log[-2000:]
    assert "left by a run that did not finish" in complete.log  # the stale .partial
    assert Counter(item["article_id"] for item in read_feed(feed)) == ALL_REPLICA
    assert not Path(f"{feed}.partial").exists()


def test_batches_close_on_time_too(tmp_path: Path) -> None:
    feeds = tmp_path / "feeds"
    timed = ("-o", f"{feeds}/part-%(batch_id)03d.jsonl", "-s", "NEWSCRAWL_FEED_BATCH_SECONDS=0.3")
    with ReplicaServer(delay=0.05) as slow_site:
        crawl = run_crawl(slow_site.base_url, tmp_path, *FAST, *timed, own_feed=True)
    assert crawl.returncode == 0, crawl.log[-2000:]
    assert len(final_files(feeds)) >= 2  # no item count set: closed by the time bound
    # an article of an early small file may be corrected by a later one (furniture
    # learned meanwhile): each article at least once, corrections counted
    records = delivered(feeds)
    assert set(records) == set(ALL_REPLICA)
    assert sum(records.values()) == len(ALL_REPLICA) + crawl.stat("newscrawl/feed/corrections")


def test_nothing_new_makes_no_per_run_file_but_a_summary(tmp_path: Path) -> None:
    state, feeds = tmp_path / "state", tmp_path / "feeds"
    per_run = ("-o", f"{feeds}/expertkz-%(time)s.jsonl")
    with ReplicaServer() as site:
        first = run_crawl(
            site.base_url, tmp_path / "1", *incremental(state, *per_run), own_feed=True
        )
        time.sleep(1.1)  # %(time)s has one-second resolution: another run, another name
        again = run_crawl(
            site.base_url, tmp_path / "2", *incremental(state, *per_run), own_feed=True
        )
        empty = tmp_path / "latest.jsonl"
        overwrite = run_crawl(
            site.base_url, tmp_path / "3", *incremental(state, "-O", str(empty)), own_feed=True
        )
    assert first.returncode == again.returncode == overwrite.returncode == 0, again.log[-2000:]
    assert len(final_files(feeds)) == 1  # the second run had nothing to emit
    summaries = sorted(feeds.glob("*.summary.json"))
    assert len(summaries) == 2
    last = json.loads(summaries[-1].read_text())
    assert last["emitted"] == 0 and last["feeds"] == [] and last["exit_status"] == 0
    assert empty.exists() and empty.read_text() == ""  # -O: an empty file, as Scrapy writes


def test_new_furniture_is_learned_in_the_run_it_appears(tmp_path: Path) -> None:
    """300 articles recorded; then 12 new ones all end with a disclaimer and 3 of them
    quote the same statement: the disclaimer is furniture at once, the quote text."""
    older = [synthetic.article(i) for i in range(12, 312)]
    quoting = (1, 5, 9)
    new = [
        dataclasses.replace(
            synthetic.article(i),
            paragraphs=(*synthetic.article(i).paragraphs, *([QUOTE] * (i in quoting)), DISCLAIMER),
        )
        for i in range(12)
    ]
    state = tmp_path / "state"
    first_feed, second_feed = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    with ReplicaServer(Site(articles=tuple(older))) as server:
        first = run_crawl(
            server.base_url, tmp_path / "first", *incremental(state, "-O", str(first_feed)),
            own_feed=True, timeout=180,
        )  # fmt: skip
        assert first.returncode == 0, first.log[-2000:]
        assert len(read_feed(first_feed)) == 300
        server.site = Site(articles=tuple(new + older))
        second = run_crawl(
            server.base_url, tmp_path / "second", *incremental(state, "-O", str(second_feed)),
            own_feed=True, timeout=180,
        )  # fmt: skip
    assert second.returncode == 0, second.log[-2000:]
    records = read_feed(second_feed)
    assert sorted(r["article_id"] for r in records) == sorted(str(a.item_id) for a in new)
    assert not any(DISCLAIMER in r["body"] for r in records)
    assert sum(QUOTE in r["body"] for r in records) == 3
    assert all(r["revision"] == 1 for r in records)
    assert second.stat("newscrawl/feed/corrections") == 0
    assert not any(PROMO_LINE in p for r in records for p in r["body"])


def test_a_run_that_found_nothing_keeps_the_previous_file(tmp_path: Path) -> None:
    feed = tmp_path / "articles.jsonl"
    good = '{"article_id": "1"}\n'
    feed.write_text(good)
    with ReplicaServer(Site(articles=())) as empty_site:
        crawl = run_crawl(
            empty_site.base_url, tmp_path / "run", "-O", str(feed), *FAST, own_feed=True
        )
    assert crawl.returncode == health.UNHEALTHY  # exit 4: no article discovered
    assert feed.read_text() == good
    assert Path(f"{feed}.partial").read_text() == ""
    assert sum("Not published" in line for line in crawl.log.splitlines()) == 1
