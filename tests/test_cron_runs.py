"""Cron runs on generated K2 sites without a sitemap: a run costs what changed.

Listings and feeds are the only way to the articles (as on the live site). Each test
crawls over HTTP; requests are counted at the server.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from benchmarks.synthetic import replica_site
from newscrawl.replica.listing import PAGE_SIZE
from newscrawl.replica.model import MENUS, Site
from newscrawl.replica.server import ReplicaServer
from tests.crawl_runner import FAST, Crawl, run_crawl

NEW = 12


def incremental(state: Path, *extra: str) -> tuple[str, ...]:
    return ("-a", "incremental=true", "-s", f"NEWSCRAWL_STATE_DIR={state}", *FAST, *extra)


def crawl(server: ReplicaServer, workdir: Path, state: Path, *extra: str) -> Crawl:
    server.reset_stats()
    result = run_crawl(server.base_url, workdir, *incremental(state, *extra), timeout=180)
    assert result.returncode == 0, result.log[-3000:]
    return result


def ids(result: Crawl) -> list[str]:
    return sorted(item["article_id"] for item in result.items)


def article_ids(site: Site) -> list[str]:
    return sorted(str(a.item_id) for a in site.articles)


def fetched_articles(server: ReplicaServer) -> list[str]:
    return [target for _, target in server.requests if "/item/" in target]


def quiet_run(size: int, tmp_path: Path) -> tuple[int, Crawl, Site]:
    """A first crawl of ``size`` articles, NEW published, then the quiet run."""
    before, after = replica_site(size + NEW, NEW, sitemap=False), replica_site(size + NEW)
    after = replace(after, sitemap=False)
    state = tmp_path / "state"
    with ReplicaServer(before) as server:
        first = crawl(server, tmp_path / "first", state)
        assert ids(first) == article_ids(before)
        server.site = after
        quiet = crawl(server, tmp_path / "quiet", state)
        return len(server.requests), quiet, after


def test_quiet_run_requests_do_not_grow_with_the_site(tmp_path: Path) -> None:
    small, quiet, site = quiet_run(50, tmp_path / "small")
    large, quiet_large, _ = quiet_run(150, tmp_path / "large")
    new = sorted(str(a.item_id) for a in site.articles[:NEW])
    assert ids(quiet) == ids(quiet_large) == new  # exactly the new articles, once each
    # robots.txt once, 3 feeds, the home page, page 1 of
    # each section (every anchor is on it: at most 12 new per section), the 12 new articles
    assert small == large == 1 + 3 + 1 + len(MENUS) + NEW
    by_kind = {
        kind: quiet.stat(f"newscrawl/requests/{kind}")
        for kind in ("robots", "feed", "home", "listing", "sitemap", "article_new")
    }
    assert by_kind == {
        "robots": 1,
        "feed": 3,
        "home": 1,
        "listing": len(MENUS),
        "sitemap": 0,
        "article_new": NEW,
    }
    assert quiet.stat("newscrawl/requests/article_revisit") == 0
    assert quiet.stat("newscrawl/revisit/queue") == 0  # nothing due
    for menu in MENUS:
        assert quiet.stat(f"newscrawl/listing/{menu}/complete") == 1
        assert quiet.stat(f"newscrawl/listing/{menu}/pages") == 1
    summary = json.loads((tmp_path / "small" / "quiet" / "feed.summary.json").read_text())
    assert summary["requests_by_kind"] == {kind: n for kind, n in by_kind.items() if n}
    assert summary["listings"]["backlog"] == 0
    assert summary["revisit_queue"] == {"length": 0, "oldest_due_days": 0}


def test_first_crawl_cut_short_is_continued_and_delivers_each_article_once(
    tmp_path: Path,
) -> None:
    site = replica_site(120, sitemap=False)
    state = tmp_path / "state"
    delivered: Counter[str] = Counter()
    with ReplicaServer(site) as server:
        runs = 0
        while True:
            runs += 1
            assert runs <= 8, "the first crawl does not advance"
            result = crawl(server, tmp_path / f"run{runs}", state, "-s", "CLOSESPIDER_ITEMCOUNT=40")
            delivered.update(item["article_id"] for item in result.items)
            if runs == 1:
                assert result.stats["finish_reason"] == "closespider_itemcount"
                assert len(result.items) < len(site.articles)
                assert result.stat("newscrawl/listing/backlog") > 0
            if all(result.stat(f"newscrawl/listing/{menu}/complete") for menu in MENUS):
                break
        assert result.stat("newscrawl/listing/backlog") == 0
    # 40 articles and what was in flight per run: the crawl needed three runs at least
    assert runs >= 3
    assert delivered == Counter(article_ids(site))


def test_revisits_come_from_the_state_longest_overdue_first_within_the_limit(
    tmp_path: Path,
) -> None:
    site = replica_site(40, sitemap=False)
    state = tmp_path / "state"
    all_due = ("-s", "NEWSCRAWL_REVISIT_MAX_AGE_DAYS=0", "-s", "NEWSCRAWL_REVISIT_LIMIT=15")
    with ReplicaServer(site) as server:
        crawl(server, tmp_path / "first", state)
        second = crawl(server, tmp_path / "second", state, *all_due)
        first_batch = set(fetched_articles(server))
        third = crawl(server, tmp_path / "third", state, *all_due)
        second_batch = set(fetched_articles(server))
    for run, batch in ((second, first_batch), (third, second_batch)):
        assert run.items == []  # unchanged: answered 304
        assert len(batch) == run.stat("newscrawl/requests/article_revisit") == 15
        assert run.stat("newscrawl/state/not_modified") == 15
        # still due: at least the 25 not revisited (the 15 are due again within a second)
        assert 40 - 15 <= run.stat("newscrawl/revisit/queue") <= 40
    assert not first_batch & second_batch  # the ones waiting longest went first


def test_an_edited_old_article_is_caught_by_its_revisit(tmp_path: Path) -> None:
    site = replica_site(40, sitemap=False)
    old = site.articles[-1]
    edited = site.with_article(old.item_id, paragraphs=(*old.paragraphs, "Дополнено редакцией."))
    state = tmp_path / "state"
    with ReplicaServer(site) as server:
        crawl(server, tmp_path / "first", state)
        server.site = edited
        due = crawl(server, tmp_path / "due", state, "-s", "NEWSCRAWL_REVISIT_MAX_AGE_DAYS=0")
    assert [(i["article_id"], i["revision"]) for i in due.items] == [(str(old.item_id), 2)]
    assert due.items[0]["body"][-1] == "Дополнено редакцией."


def test_a_sweep_finds_an_article_inserted_deep_in_a_listing(tmp_path: Path) -> None:
    site = replica_site(60, sitemap=False)
    tema = [a for a in site.articles if a.menu == "tema"]
    deep = tema[2 * PAGE_SIZE + 3]  # on page 3 of /tema
    # published late with an old date: no feed, no home page, only deep in the listing
    inserted = replace(
        deep, item_id=deep.item_id + 10_000, published=deep.published - timedelta(minutes=1)
    )
    state = tmp_path / "state"
    with ReplicaServer(site) as server:
        crawl(server, tmp_path / "first", state)
        server.site = replace(site, articles=(*site.articles, inserted))
        quiet = crawl(server, tmp_path / "quiet", state)
        assert quiet.items == []
        swept = crawl(server, tmp_path / "sweep", state, "-a", "sweep=true")
    assert [item["article_id"] for item in swept.items] == [str(inserted.item_id)]
    assert swept.stat("newscrawl/listing/tema/pages") == -(-(len(tema) + 1) // PAGE_SIZE)
    assert swept.stat("newscrawl/listing/sweeps") == len(MENUS)


def test_a_run_with_since_leaves_the_older_articles_to_the_next_run(tmp_path: Path) -> None:
    site = replica_site(60, sitemap=False)
    since = site.articles[30].published.date()
    newer = [a for a in site.articles if a.published.date() >= since]
    assert 0 < len(newer) < len(site.articles)
    state = tmp_path / "state"
    with ReplicaServer(site) as server:
        recent = crawl(server, tmp_path / "since", state, "-a", f"since={since.isoformat()}")
        rest = crawl(server, tmp_path / "rest", state)
    assert ids(recent) == sorted(str(a.item_id) for a in newer)
    assert sorted(ids(recent) + ids(rest)) == article_ids(site)
