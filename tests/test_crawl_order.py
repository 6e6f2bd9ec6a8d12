"""End to end: the feed does not depend on the order pages are crawled in.

Two crawls of the replica: the defaults (LIFO queues, sitemap and RSS newest first),
and the opposite (FIFO queues, breadth first, sitemap and RSS oldest first) with
explain mode on. Site furniture is learned from the whole crawl before any article is
written, so both feeds are the expected records, line for line.
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
from tests.crawl_runner import FAST, Crawl, run_crawl

SCHEMA = json.loads(
    (Path(__file__).parent.parent / "newscrawl" / "article.schema.json").read_text()
)
OTHER_ORDER = (
    "-s", "DEPTH_PRIORITY=1",
    "-s", "SCHEDULER_DISK_QUEUE=scrapy.squeues.PickleFifoDiskQueue",
    "-s", "SCHEDULER_MEMORY_QUEUE=scrapy.squeues.FifoMemoryQueue",
    "-s", "NEWSCRAWL_RELEASE_BATCH=7",
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
        other = run_crawl(replica.base_url, tmp_path_factory.mktemp("other"), *FAST, *OTHER_ORDER)
        FETCH_ORDERS.append(fetch_order(replica))
        yield default, other, replica.base_url


def comparable(crawl: Crawl) -> list[dict[str, Any]]:
    return [
        {k: v for k, v in item.items() if k not in ("crawled_at", "dropped")}
        for item in crawl.items
    ]


def test_both_crawls_succeed(crawls: tuple[Crawl, Crawl, str]) -> None:
    for crawl in crawls[:2]:
        assert crawl.returncode == 0, crawl.log[-3000:]
        assert "Traceback" not in crawl.log
        assert crawl.stat("item_dropped_count") == 0  # holding back is not dropping
        assert crawl.stat("newscrawl/furniture/released") == len(DEFAULT_SITE.articles)


def test_same_feed_whatever_the_order(crawls: tuple[Crawl, Crawl, str]) -> None:
    default, other, _ = crawls
    first, second = FETCH_ORDERS
    assert sorted(first) == sorted(second) and first != second  # really another order
    assert first[:5] != second[:5]  # the first articles crawled differ too
    assert comparable(default) == comparable(other)  # same lines, same line order


def test_feed_is_the_clean_truth(crawls: tuple[Crawl, Crawl, str]) -> None:
    default, _, base_url = crawls
    expected = expected_records(DEFAULT_SITE, base_url)
    assert len(default.items) == len(expected)
    got = [{k: item[k] for k in want} for item, want in zip(default.items, expected, strict=True)]
    assert got == expected


def test_no_furniture_echo_or_near_duplicate_reaches_the_feed(
    crawls: tuple[Crawl, Crawl, str],
) -> None:
    for crawl in crawls[:2]:
        text = [p for item in crawl.items for p in item["body"]]
        assert PROMO_LINE not in text
        assert not PAGE_ONLY & set(text)
        assert not any(p.startswith("Читайте также") for p in text)
        assert not any(item["body"][0] == item["title"] for item in crawl.items)


def test_every_drop_counted_by_reason(crawls: tuple[Crawl, Crawl, str]) -> None:
    default, other, _ = crawls
    russian = sum(a.has_promo for a in DEFAULT_SITE.articles)
    for crawl in (default, other):
        assert crawl.stat("newscrawl/paragraphs/dropped/site_furniture") == russian
        assert crawl.stat("newscrawl/paragraphs/dropped/near_duplicate") == 1
        assert crawl.stat("newscrawl/paragraphs/dropped/title_echo") == 1
        assert crawl.stat("newscrawl/paragraphs/dropped/summary_echo") == 1  # the seed's
        assert crawl.stat("newscrawl/paragraphs/dropped/furniture") == 1  # Читайте также


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
    dropped = sum(len(item["dropped"]) for item in other.items)
    counted = sum(v for k, v in other.stats.items() if k.startswith("newscrawl/paragraphs/"))
    assert dropped == counted
