"""Size limits end to end: a gzip bomb and endless pages are refused with memory bounded.

A separate crawl from test_faults, so that its peak memory is the cost of these pages
alone. The bound, 300 MB, is about three times what a crawl of the whole replica takes
(about 105 MB, see docs/faults.md); a crawler that inflated the 2 GiB bomb or buffered a
64 MiB page would go far past it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fault_scenario import clone

from newscrawl.replica.content import DEFAULT_SITE, expected_record
from newscrawl.replica.model import Site
from tests.crawl_runner import Crawl, run_fault_crawl
from tests.fault_server import FaultServer
from tests.faults import Fault, GzipBomb, Oversized, Pad

MiB = 1024 * 1024
PEAK_RSS_BOUND_MB = 300

REFUSED: dict[str, tuple[int, Fault]] = {
    "gzip_bomb_2GiB": (101, GzipBomb(2048 * MiB)),
    "oversized_declared_64MiB": (102, Oversized(64 * MiB)),
    "oversized_undeclared_64MiB": (103, Oversized(64 * MiB, declare_length=False)),
}
HEAVY = clone(104)  # 6 MiB: above DOWNLOAD_WARNSIZE (4 MiB), below DOWNLOAD_MAXSIZE (16 MiB)


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Crawl, FaultServer]]:
    clones = {name: clone(n) for name, (n, _) in REFUSED.items()}
    site = Site(articles=(*DEFAULT_SITE.articles, *clones.values(), HEAVY))
    faults = {clones[name].path: fault for name, (_, fault) in REFUSED.items()}
    faults[HEAVY.path] = Pad(6 * MiB)
    with FaultServer(site, faults) as server:
        yield run_fault_crawl(server.base_url, tmp_path_factory.mktemp("limits")), server


@pytest.mark.parametrize("name", REFUSED)
def test_refused_and_logged(crawl: tuple[Crawl, FaultServer], name: str) -> None:
    result, server = crawl
    article = clone(REFUSED[name][0])
    assert str(article.item_id) not in {r["article_id"] for r in result.items}
    assert f"Lost {server.base_url}{article.path} (too_large)" in result.log
    assert len(server.hits(article.path)) == 1, "a size refusal is not retried"


def test_refusals_counted(crawl: tuple[Crawl, FaultServer]) -> None:
    result, _ = crawl
    assert result.returncode == 0
    assert result.stat("newscrawl/errors/too_large") == len(REFUSED)
    assert result.stat("item_scraped_count") == len(DEFAULT_SITE.articles) + 1


def test_heavy_page_kept_with_a_warning(crawl: tuple[Crawl, FaultServer]) -> None:
    result, server = crawl
    record = next(r for r in result.items if r["article_id"] == str(HEAVY.item_id))
    expected = expected_record(HEAVY, server.base_url)
    assert {k: v for k, v in record.items() if k in expected} == expected
    assert "larger than download warn size" in result.log


def test_peak_memory_bounded(crawl: tuple[Crawl, FaultServer]) -> None:
    result, _ = crawl
    print(f"peak RSS of the limits crawl: {result.peak_rss_mb:.0f} MB")
    assert result.peak_rss_mb < PEAK_RSS_BOUND_MB
