"""A second site on K2 is one new file (tests/sites/aqzhol.py): crawled end to end over
HTTP, with its own sections, menu paths and section languages."""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from newscrawl.__main__ import scrapy_env
from newscrawl.replica.content import DEFAULT_SITE, expected_records
from newscrawl.replica.router import Request, Response
from newscrawl.replica.server import ReplicaServer
from tests.crawl_runner import FAST, PROJECT_ROOT, read_feed
from tests.sites.aqzhol import PROFILE

#: the replica's menus and where the second site has them
MENU_PATHS = {"tema": "analitika", "novosti": "orysha", "kz": "zhanalyqtar"}
_THEIRS = {new: old for old, new in MENU_PATHS.items()}
_REPLICA_MENU = re.compile(rb"/(tema|novosti|kz)(?=[/?\"'<#&\s]|$)")
_OUR_MENU = re.compile(r"^/(analitika|orysha|zhanalyqtar)(?=/|$)")


class SecondK2Site(ReplicaServer):
    """The replica's articles under the second site's menu paths."""

    def route(self, request: Request) -> Response:
        path = _OUR_MENU.sub(lambda m: "/" + _THEIRS[m.group(1)], request.path)
        if path == request.path and re.match(r"^/(tema|novosti|kz)(/|$)", path):
            return super().route(replace(request, path="/no-such-menu"))
        target = path + request.target[len(request.path) :]
        response = super().route(replace(request, path=path, target=target))
        body = _REPLICA_MENU.sub(
            lambda m: b"/" + MENU_PATHS[m.group(1).decode()].encode(), response.body
        )
        return response._replace(body=body)


def _expected(base_url: str) -> dict[str, dict[str, Any]]:
    records = {}
    for record in expected_records(DEFAULT_SITE, base_url):
        path = record["url"].removeprefix(base_url)
        menu = path.split("/")[1]
        path = "/" + MENU_PATHS[menu] + path[len(menu) + 1 :]
        record = {**record, "url": base_url + path, "source": PROFILE.source}
        record["language"] = PROFILE.section_language(path)
        records[record["article_id"]] = record
    return records


def test_second_k2_site_crawled_with_its_own_profile(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    with SecondK2Site() as site:
        command = [
            sys.executable, "-m", "scrapy", "crawl", "aqzhol",
            "-a", f"base_url={site.base_url}", "-O", f"{feed}:jsonlines",
            "-s", "SPIDER_MODULES=newscrawl.spiders,tests.sites.aqzhol", *FAST,
        ]  # fmt: skip
        done = subprocess.run(
            command, cwd=PROJECT_ROOT, env=scrapy_env(), capture_output=True, text=True, check=False
        )
        expected = _expected(site.base_url)
        requested = [target for _, target in site.requests]
    assert done.returncode == 0, done.stderr[-3000:]
    items = {item["article_id"]: item for item in read_feed(feed)}
    assert sorted(items) == sorted(expected)
    for article_id, want in expected.items():
        got = items[article_id]
        assert {k: got[k] for k in want} == want, got["url"]
    assert {item["language"] for item in items.values()} == {"ru", "kk"}
    # discovery followed the second site's own sections and feeds, never Эксперт KZ's
    assert "/zhanalyqtar?format=feed&type=rss" in requested
    assert not any(re.match(r"^/(tema|novosti|kz)(/|\?|$)", t) for t in requested)
