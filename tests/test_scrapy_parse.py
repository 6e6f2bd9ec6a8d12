"""``scrapy parse URL``, as a Scrapy user tries it: the spider found from the URL's
host, the site taken from the URL, the article parsed by the default callback, the
feed's fields only, and no error, warning or traceback."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from newscrawl.__main__ import scrapy_env
from newscrawl.items import FEED_FIELDS
from newscrawl.replica.content import CASES, DEFAULT_SITE, expected_records
from newscrawl.replica.server import ReplicaServer


def scrapy_parse(
    cwd: Path, *arguments: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "scrapy", "parse", "--nocolour", "--nolinks", *arguments]
    return subprocess.run(
        command, cwd=cwd, env=env or scrapy_env(), capture_output=True, text=True, timeout=120
    )


def printed_items(stdout: str) -> list[dict[str, Any]]:
    return ast.literal_eval(stdout.split("# Scraped Items ", 1)[1].split("\n", 1)[1])


def seed_record(base_url: str) -> dict[str, Any]:
    records = expected_records(DEFAULT_SITE, base_url)
    return next(r for r in records if r["article_id"] == str(CASES["seed"]))


def assert_clean_parse(done: subprocess.CompletedProcess[str], want: dict[str, Any]) -> None:
    assert done.returncode == 0, done.stderr[-3000:]
    for trouble in ("ERROR", "Traceback", "Warning", "crawl health"):
        assert trouble not in done.stderr, done.stderr[-3000:]
    (item,) = printed_items(done.stdout)
    assert sorted(item) == sorted(FEED_FIELDS)  # no `fetch`, no explain-only fields
    assert {key: item[key] for key in ("url", "article_id", "title", "published")} == {
        key: want[key] for key in ("url", "article_id", "title", "published")
    }


@pytest.mark.parametrize("callback", [[], ["-c", "parse_article"]])
def test_parse_with_spider_takes_the_site_from_the_url(
    replica: ReplicaServer, tmp_path: Path, callback: list[str]
) -> None:
    want = seed_record(replica.base_url)
    done = scrapy_parse(tmp_path, "--spider", "expertkz", *callback, want["url"])
    assert_clean_parse(done, want)


def test_parse_finds_the_spider_from_the_host(replica: ReplicaServer, tmp_path: Path) -> None:
    """A URL of expert-kz.com itself, fetched through the replica acting as an HTTP
    proxy (Scrapy's HttpProxyMiddleware reads ``http_proxy``): no network needed."""
    want = seed_record("http://expert-kz.com")
    env = {**scrapy_env(), "http_proxy": replica.base_url}
    env.pop("no_proxy", None)
    env.pop("NO_PROXY", None)
    done = scrapy_parse(tmp_path, want["url"], env=env)
    assert_clean_parse(done, want)


def test_parse_of_another_host_says_no_spider_and_fails(tmp_path: Path) -> None:
    done = scrapy_parse(tmp_path, "http://example.org/tema/item/1-x")
    assert done.returncode == 1
    assert "Unable to find spider for: http://example.org/tema/item/1-x" in done.stderr


def test_parse_checks_arguments(replica: ReplicaServer, tmp_path: Path) -> None:
    url = seed_record(replica.base_url)["url"]
    done = scrapy_parse(tmp_path, "--spider", "expertkz", "-a", "sinse=2025-01-01", url)
    assert done.returncode == 2
    assert "\nscrapy parse expertkz: error: unknown argument -a sinse (did you mean since?)" in (
        "\n" + done.stderr
    )
    assert "Traceback" not in done.stderr
    assert os.listdir(tmp_path) == []
