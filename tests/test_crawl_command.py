"""``scrapy crawl expertkz`` with a bad -a argument: one line on stderr, exit status 2."""

from __future__ import annotations

import subprocess
import sys

import pytest

from newscrawl.__main__ import scrapy_env
from tests.crawl_runner import PROJECT_ROOT


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["base_url=nonsense"], "base_url must be an http(s) URL"),
        (["base_url=https://expert-kz.com/tema"], "base_url must have no path"),
        (["since=2024-13-01"], "since must be a date as YYYY-MM-DD"),
        (["since=yesterday", "base_url=http://127.0.0.1:9"], "since must be a date"),
    ],
)
def test_bad_argument_is_one_line_and_status_2(arguments: list[str], message: str) -> None:
    command = [sys.executable, "-m", "scrapy", "crawl", "expertkz"]
    for argument in arguments:
        command += ["-a", argument]
    done = subprocess.run(
        command, cwd=PROJECT_ROOT, env=scrapy_env(), capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("scrapy crawl expertkz: error: ") and message in lines[0]
