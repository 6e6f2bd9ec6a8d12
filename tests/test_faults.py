"""End to end: one real crawl (child process, real HTTP) of a replica full of faults.

Every case of ``fault_scenario.CASES`` is checked twice: what the feed holds (each good
article there exactly as the site has it, nothing garbled, nothing twice) and what the
stats and the log say about the fault. One crawl serves all assertions, so the suite
pays for the slowest fault (a timeout retried twice) once.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from fault_scenario import (
    CASES,
    HOSTILE_LINKS,
    PARTIAL_BODY,
    PARTIAL_ID,
    PARTIAL_TITLE,
    RETRY_AFTER,
    Case,
    fault_site,
    fault_table,
    home_links,
)

from newscrawl.replica.content import CASES as SITE_CASES
from newscrawl.replica.content import expected_record
from tests.crawl_runner import TEST_SETTINGS, Crawl, run_fault_crawl
from tests.fault_server import FaultServer

#: what the crawl computes itself; the rest of a record must equal expected_record
#: fields the site's truth does not determine: crawl time, a hash, incremental revision
VOLATILE = ("crawled_at", "fingerprint", "revision")
MOJIBAKE = re.compile("[\ufffdÐÑÃÂ]|Ð[\x80-\xbf]|вЂ")
BACKOFF_MAX = float(TEST_SETTINGS["RETRY_BACKOFF_MAX"])
#: a retry may also wait for a free per-domain slot, which hanging requests hold for up
#: to DOWNLOAD_TIMEOUT
SLOT_WAIT = float(TEST_SETTINGS["DOWNLOAD_TIMEOUT"]) + 1.5


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Crawl, FaultServer]]:
    with FaultServer(fault_site(), fault_table(), home_links()) as server:
        result = run_fault_crawl(server.base_url, tmp_path_factory.mktemp("faults"))
        yield result, server


def by_id(result: Crawl) -> dict[str, dict[str, Any]]:
    return {record["article_id"]: record for record in result.items}


def without_volatile(record: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in record.items() if key not in VOLATILE}


def test_crawl_finishes(crawl: tuple[Crawl, FaultServer]) -> None:
    result, _ = crawl
    assert result.returncode == 0, result.log[-3000:]
    assert result.stats["finish_reason"] == "finished"
    assert "Traceback" not in result.log


def test_feed_is_the_site_minus_what_could_not_be_fetched(
    crawl: tuple[Crawl, FaultServer],
) -> None:
    result, server = crawl
    site = fault_site()
    lost = {str(c.article.item_id) for c in CASES if c.article and not c.in_feed}
    wanted = {str(a.item_id) for a in site.articles} - lost | {str(PARTIAL_ID)}
    ids = [record["article_id"] for record in result.items]
    assert len(ids) == len(set(ids)), "an article is in the feed twice"
    assert set(ids) == wanted
    for article in site.articles:
        if str(article.item_id) in wanted:
            expected = expected_record(article, server.base_url)
            assert without_volatile(by_id(result)[str(article.item_id)]) == expected


def test_nothing_garbled(crawl: tuple[Crawl, FaultServer]) -> None:
    result, _ = crawl
    for record in result.items:
        text = " ".join([record["title"], *record["body"], record["summary"] or ""])
        assert not MOJIBAKE.search(text), (record["url"], MOJIBAKE.search(text))
        assert re.search("[а-яё]", text), record["url"]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_fault_case(crawl: tuple[Crawl, FaultServer], case: Case) -> None:
    result, server = crawl
    records = by_id(result)
    if case.article is not None:
        record = records.get(str(case.article.item_id))
        if case.in_feed:
            assert record is not None, f"{case.name}: article missing"
            assert without_volatile(record) == expected_record(case.article, server.base_url)
        else:
            assert record is None
            assert server.base_url + case.fault_path in result.log, "lost without a log line"
    for key in case.counters:
        assert result.stat(key) >= 1, (case.name, key)
    requests = server.hits(case.fault_path)
    assert len(requests) == 1 + case.repeats, (case.name, len(requests))


def test_stats_count_every_loss_once(crawl: tuple[Crawl, FaultServer]) -> None:
    """The newscrawl/errors, dropped and scope counters are exactly the scenario's."""
    result, _ = crawl
    expected = Counter(
        key for case in CASES for key in case.counters if key.startswith("newscrawl/")
    )
    expected.update(key for _, key in HOSTILE_LINKS if key)
    expected["newscrawl/errors/http_404"] += 1  # the replica's own dead listing link
    prefixes = ("newscrawl/errors/", "newscrawl/dropped/missing", "newscrawl/scope/")
    prefixes += ("newscrawl/dropped/empty", "newscrawl/encoding/", "newscrawl/redirect/same")
    counted = {k: v for k, v in result.stats.items() if k.startswith(prefixes)}
    assert counted == {k: v for k, v in expected.items() if v}
    retried = [c for c in CASES if c.retried]
    assert result.stat("retry/count") == sum(c.repeats for c in retried)
    assert result.stat("retry/max_reached") == sum(not c.in_feed for c in retried)


@pytest.mark.parametrize(
    "name", ["http_503_retry_after", "http_429_retry_after", "http_503_always"]
)
def test_retry_waits_for_retry_after(crawl: tuple[Crawl, FaultServer], name: str) -> None:
    _, server = crawl
    case = next(c for c in CASES if c.name == name)
    times = server.hits(case.fault_path)
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    assert gaps and all(RETRY_AFTER - 0.05 <= gap < RETRY_AFTER + SLOT_WAIT for gap in gaps), gaps


def test_retry_after_is_capped(crawl: tuple[Crawl, FaultServer]) -> None:
    """Retry-After: 86400 waits RETRY_BACKOFF_MAX, not a day."""
    _, server = crawl
    case = next(c for c in CASES if c.name == "http_503_retry_after_one_day")
    first, second = server.hits(case.fault_path)
    assert BACKOFF_MAX - 0.05 <= second - first < BACKOFF_MAX + SLOT_WAIT


def test_backoff_without_retry_after_grows(crawl: tuple[Crawl, FaultServer]) -> None:
    _, server = crawl
    case = next(c for c in CASES if c.name == "http_429_no_retry_after")
    first, second, third = server.hits(case.fault_path)
    base = float(TEST_SETTINGS["RETRY_BACKOFF_BASE"])
    assert second - first >= base - 0.02
    assert third - second >= 2 * base - 0.02


def test_page_with_some_metadata_keeps_what_it_has(
    crawl: tuple[Crawl, FaultServer],
) -> None:
    result, server = crawl
    record = by_id(result)[str(PARTIAL_ID)]
    assert record["title"] == PARTIAL_TITLE
    assert record["body"] == [PARTIAL_BODY]
    assert record["published"] == "2024-11-27T10:15:00+05:00"
    assert record["url"] == f"{server.base_url}/tema/item/{PARTIAL_ID}-bare"
    assert record["authors"] == [] and record["tags"] == [] and record["images"] == []
    assert record["section"] is None and record["modified"] is None


@pytest.mark.parametrize("href", [href for href, _ in HOSTILE_LINKS], ids=str)
def test_hostile_links_are_never_requested(crawl: tuple[Crawl, FaultServer], href: str) -> None:
    result, server = crawl
    path = re.sub(r"^[a-z]+:(//[^/]*)?", "", href)
    if path.startswith("/"):
        assert server.hits(path) == [], href
    assert "evil.example" not in " ".join(target for _, target in server.requests)
    counter = dict(HOSTILE_LINKS)[href]
    if counter:
        assert href in result.log or href.replace("&", "&amp;") in result.log


def test_windows_1251_case_of_the_replica_still_decodes(
    crawl: tuple[Crawl, FaultServer],
) -> None:
    result, server = crawl
    article = fault_site().article(SITE_CASES["windows_1251"])
    record = by_id(result)[str(article.item_id)]
    assert without_volatile(record) == expected_record(article, server.base_url)


def test_fault_table_is_all_exercised(crawl: tuple[Crawl, FaultServer]) -> None:
    _, server = crawl
    assert [path for path in fault_table() if not server.hits(path)] == []


def test_peak_memory_of_the_fault_crawl(crawl: tuple[Crawl, FaultServer]) -> None:
    result, _ = crawl
    assert result.peak_rss_mb < 300, result.peak_rss_mb


def test_replica_fixture_is_intact() -> None:
    """The scenario's clones do not collide with the shipped site."""
    site = fault_site()
    assert len(site.articles) == len({a.item_id for a in site.articles})
