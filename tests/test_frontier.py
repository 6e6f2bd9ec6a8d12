"""The sitemap's articles wait in the frontier, so memory does not grow with the site.

A crawl of a 400-article synthetic site (one sitemap listing all of them) over HTTP:
every article is fetched and delivered, yet the scheduler never held more than a few
dozen requests (before the frontier it held every article of the sitemap at once).
"""

from __future__ import annotations

from pathlib import Path

from benchmarks.servers import PythonServer, free_port
from benchmarks.static_site import generate
from newscrawl.spiders.frontier import CHUNK, MAX_SCHEDULED_STAT, UrlFrontier
from tests.crawl_runner import FAST, run_crawl

ARTICLES = 400


def test_frontier_is_fifo_and_keeps_what_was_not_handed_out(tmp_path: Path) -> None:
    path = tmp_path / "job" / "frontier.sqlite"
    frontier = UrlFrontier(path)
    urls = [f"http://example.org/{n}" for n in range(CHUNK * 2 + 10)]
    for url in urls:
        frontier.push(url)
    assert len(frontier) == len(urls)
    taken = [frontier.pop() for _ in range(CHUNK + 3)]
    assert taken == urls[: CHUNK + 3]
    frontier.close()  # a paused crawl: JOBDIR keeps the rest

    resumed = UrlFrontier(path)
    assert len(resumed) == len(urls) - len(taken)
    rest = [resumed.pop() for _ in range(len(resumed))]
    assert rest == urls[CHUNK + 3 :]
    assert resumed.pop() is None and not resumed
    resumed.close()


def test_temporary_frontier_needs_no_path() -> None:
    frontier = UrlFrontier()
    frontier.push("http://example.org/1")
    assert frontier.pop() == "http://example.org/1" and frontier.pop() is None
    frontier.close()


def test_sitemap_articles_are_requested_lazily(tmp_path: Path) -> None:
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    generate(tmp_path / "site", ARTICLES, base_url, workers=1)
    with PythonServer(tmp_path / "site", port):
        crawl = run_crawl(
            base_url,
            tmp_path / "crawl",
            *FAST,
            "-s", "CONCURRENT_REQUESTS=4",
            "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=4",
            timeout=300,
        )  # fmt: skip
    assert crawl.returncode == 0, crawl.log[-3000:]
    assert len(crawl.items) == ARTICLES
    assert crawl.stat("newscrawl/discovery/sitemap") == ARTICLES
    # a few listing pages' 14 links each, at most, never the site's 400 articles (369
    # before the frontier, 31 with it)
    assert 0 < crawl.stat(MAX_SCHEDULED_STAT) <= 80, crawl.stat(MAX_SCHEDULED_STAT)
