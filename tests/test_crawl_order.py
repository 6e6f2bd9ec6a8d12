"""End to end: the feed does not depend on the order pages are crawled in.

Two crawls of the replica: the defaults (LIFO queues, sitemap and RSS newest first,
one file), and the opposite (FIFO queues, breadth first, sitemap and RSS oldest first,
batch files of 4 articles) with explain mode on. Site furniture is judged when each
file closes; articles of earlier batches whose furniture changed are corrected by a
later revision, so the latest record of every article is the same in both crawls.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from newscrawl.replica.content import DEFAULT_SITE, expected_records
from newscrawl.replica.model import PROMO_LINE
from newscrawl.replica.server import ReplicaServer
from tests.crawl_runner import FAST, Crawl, read_feed, run_crawl

SCHEMA = json.loads(
    (Path(__file__).parent.parent / "newscrawl" / "article.schema.json").read_text()
)
OTHER_ORDER = (
    "-s", "DEPTH_PRIORITY=1",
    "-s", "SCHEDULER_DISK_QUEUE=scrapy.squeues.PickleFifoDiskQueue",
    "-s", "SCHEDULER_MEMORY_QUEUE=scrapy.squeues.FifoMemoryQueue",
    "-s", "FEED_EXPORT_BATCH_ITEM_COUNT=4",
    "-s", "NEWSCRAWL_EXPLAIN=1",
)  # fmt: skip
PAGE_ONLY = {text for a in DEFAULT_SITE.articles for _, text in a.page_only}


ARTICLE_PATH = re.compile(r"^/[a-z]+/item/(\d+)")
FETCH_ORDERS: list[list[str]] = []


def fetch_order(replica: ReplicaServer) -> list[str]:
    return [m.group(1) for _, target in replica.requests if (m := ARTICLE_PATH.match(target))]


@pytest.fixture(scope="module")
def crawls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Crawl, Crawl, str]]:
    with ReplicaServer() as replica:
        default = run_crawl(replica.base_url, tmp_path_factory.mktemp("default"), *FAST)
        FETCH_ORDERS.append(fetch_order(replica))
        replica.reset_stats()
        replica.site = dataclasses.replace(DEFAULT_SITE, oldest_first=True)
        work = tmp_path_factory.mktemp("other")
        batches = ("-o", f"{work / 'feeds'}/part-%(batch_id)03d.jsonl")
        other = run_crawl(replica.base_url, work, *FAST, *OTHER_ORDER, *batches, own_feed=True)
        other.items = [
            item for path in sorted(work.glob("feeds/*.jsonl")) for item in read_feed(path)
        ]
        FETCH_ORDERS.append(fetch_order(replica))
        yield default, other, replica.base_url


def latest(crawl: Crawl) -> dict[str, dict[str, Any]]:
    """The latest record of each article (a correction follows the record it corrects)."""
    return {item["article_id"]: item for item in crawl.items}


def comparable(crawl: Crawl) -> list[dict[str, Any]]:
    return [
        {k: v for k, v in item.items() if k not in ("crawled_at", "dropped")}
        for _, item in sorted(latest(crawl).items(), key=lambda kv: int(kv[0]))
    ]


def test_both_crawls_succeed(crawls: tuple[Crawl, Crawl, str]) -> None:
    for crawl in crawls[:2]:
        assert crawl.returncode == 0, crawl.log[-3000:]
        assert "Traceback" not in crawl.log
        assert crawl.stat("item_dropped_count") == 0
        assert crawl.stat("item_scraped_count") == len(DEFAULT_SITE.articles)
        assert len(latest(crawl)) == len(DEFAULT_SITE.articles)
    default, other, _ = crawls
    assert default.stat("newscrawl/feed/corrections") == 0  # one file: judged once
    assert other.stat("feedexport/success_count/AtomicFileFeedStorage") >= 7  # 29 by 4
    assert len(other.items) == len(DEFAULT_SITE.articles) + other.stat("newscrawl/feed/corrections")


def test_same_feed_whatever_the_order(crawls: tuple[Crawl, Crawl, str]) -> None:
    default, other, _ = crawls
    first, second = FETCH_ORDERS
    assert sorted(first) == sorted(second) and first != second  # really another order
    assert first[:5] != second[:5]  # the first articles crawled differ too
    assert comparable(default) == comparable(other)  # the same latest record of each


def test_feed_is_the_clean_truth(crawls: tuple[Crawl, Crawl, str]) -> None:
    default, _, base_url = crawls
    expected = expected_records(DEFAULT_SITE, base_url)
    assert len(default.items) == len(expected)
    records = sorted(
        default.items, key=lambda item: [e["url"] for e in expected].index(item["url"])
    )
    got = [{k: item[k] for k in want} for item, want in zip(records, expected, strict=True)]
    assert got == expected


def test_no_furniture_echo_or_near_duplicate_reaches_the_feed(
    crawls: tuple[Crawl, Crawl, str],
) -> None:
    for crawl in crawls[:2]:
        text = [p for item in latest(crawl).values() for p in item["body"]]
        assert PROMO_LINE not in text
        assert not PAGE_ONLY & set(text)
        assert not any(p.startswith("Читайте также") for p in text)
        assert not any(item["body"][0] == item["title"] for item in crawl.items)


def test_every_drop_counted_by_reason(crawls: tuple[Crawl, Crawl, str]) -> None:
    default, other, _ = crawls
    russian = sum(a.has_promo for a in DEFAULT_SITE.articles)
    for crawl in (default, other):
        assert crawl.stat("newscrawl/paragraphs/dropped/near_duplicate") == 1
        assert crawl.stat("newscrawl/paragraphs/dropped/title_echo") == 1
        assert crawl.stat("newscrawl/paragraphs/dropped/summary_echo") == 1  # the seed's
        assert crawl.stat("newscrawl/paragraphs/dropped/furniture") == 1  # Читайте также
    assert default.stat("newscrawl/paragraphs/dropped/site_furniture") == russian
    # every record written counts its own site-furniture drops, corrections too
    removed = sum(
        entry["reason"] == "site_furniture" for item in other.items for entry in item["dropped"]
    )
    assert other.stat("newscrawl/paragraphs/dropped/site_furniture") == removed >= russian


def test_explain_mode_lists_every_dropped_paragraph(crawls: tuple[Crawl, Crawl, str]) -> None:
    default, other, _ = crawls
    assert all("dropped" not in item for item in default.items)
    reasons = {}
    for item in other.items:
        jsonschema.validate(item, SCHEMA)
        for entry in item["dropped"]:
            reasons[entry["text"]] = entry["reason"]
    assert reasons[PROMO_LINE] == "site_furniture"
    assert set(reasons.values()) == {
        "site_furniture", "near_duplicate", "title_echo", "summary_echo", "furniture"
    }  # fmt: skip
    dropped = sum(len(item["dropped"]) for item in latest(other).values())
    counted = sum(
        v
        for k, v in other.stats.items()
        if k.startswith("newscrawl/paragraphs/") and not k.endswith("/site_furniture")
    )
    assert dropped == counted + sum(a.has_promo for a in DEFAULT_SITE.articles)
