"""A redesign of the site: K2's item classes renamed (``replica.redesign``), crawled over
HTTP. Every article is still delivered with its exact title, body and date (from the
metadata, the date near the headline and the generic body), and the crawl exits 4 so the
template change is seen."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from newscrawl import health
from newscrawl.replica.content import DEFAULT_SITE, expected_records
from newscrawl.replica.model import Site
from newscrawl.replica.server import ReplicaServer
from tests.crawl_runner import FAST, run_crawl

EXACT = ("title", "body", "published")


def redesigned(with_jsonld: bool) -> Site:
    articles = DEFAULT_SITE.articles
    if not with_jsonld:  # the redesign dropped the SEO plugin too
        articles = tuple(replace(article, has_jsonld=False) for article in articles)
    return replace(DEFAULT_SITE, articles=articles, renamed_classes=True)


@pytest.mark.parametrize("with_jsonld", [True, False], ids=["jsonld", "no-jsonld"])
def test_renamed_classes_lose_no_article_and_exit_4(with_jsonld: bool, tmp_path: Path) -> None:
    site = redesigned(with_jsonld)
    with ReplicaServer(site) as server:
        result = run_crawl(server.base_url, tmp_path, *FAST)
        expected = {r["article_id"]: r for r in expected_records(site, server.base_url)}
    assert result.returncode == health.UNHEALTHY, result.log[-2000:]
    assert "did the site change its templates?" in result.log
    delivered = {item["article_id"]: item for item in result.items}
    assert sorted(delivered) == sorted(expected)
    for article_id, want in expected.items():
        got = delivered[article_id]
        assert {k: got[k] for k in EXACT} == {k: want[k] for k in EXACT}, got["url"]
    assert result.stat("newscrawl/field/title/profile") == 0
    assert result.stat("newscrawl/field/body/profile") == 0
    assert result.stat("newscrawl/field/published/profile") == 0
    if not with_jsonld:  # every date was read near the headline, in K2's own format
        assert result.stat("newscrawl/field/published/generic") == len(expected)
