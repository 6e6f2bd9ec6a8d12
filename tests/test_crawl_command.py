"""``scrapy crawl expertkz`` with a bad or unknown -a argument: one line on stderr,
exit status 2, nothing crawled."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from newscrawl.__main__ import crawl_command, scrapy_env
from newscrawl.commands.crawl import state_dir_beside_feed
from newscrawl.replica.server import ReplicaServer
from tests.crawl_runner import FAST

KNOWN = "known arguments: base_url, incremental, since, sweep"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["base_url=nonsense"], "base_url must be an http(s) URL"),
        (["base_url=https://expert-kz.com/tema"], "base_url must have no path"),
        (["since=2024-13-01"], "since must be a date as YYYY-MM-DD"),
        (["since=yesterday", "base_url=http://127.0.0.1:9"], "since must be a date"),
        (["sinse=2025-01-01"], f"unknown argument -a sinse (did you mean since?); {KNOWN}"),
        (["foo=bar", "since=2025-01-01"], f"unknown argument -a foo; {KNOWN}"),
        (["incremental=maybe"], "incremental must be true or false"),
        (["incremental=true"], "incremental=true needs a feed"),
        (
            ["incremental=true", "-o", "a.jsonl", "-o", "b.jsonl"],
            "incremental=true takes one feed (-o/-O FILE), not 2",
        ),
    ],
)
def test_bad_argument_is_one_line_and_status_2(
    arguments: list[str], message: str, tmp_path: Path
) -> None:
    command = [sys.executable, "-m", "scrapy", "crawl", "expertkz"]
    for argument in arguments:  # NAME=value is a spider argument; anything else an option
        command += ["-a", argument] if "=" in argument else [argument]
    done = subprocess.run(
        command, cwd=tmp_path, env=scrapy_env(), capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("scrapy crawl expertkz: error: ") and message in lines[0]
    assert list(tmp_path.iterdir()) == []  # nothing crawled, nothing written


def test_incremental_state_lives_beside_the_feed() -> None:
    assert state_dir_beside_feed(["/srv/out/expertkz-%(time)s.jsonl"]) == Path("/srv/out/state")
    assert state_dir_beside_feed(["file:///srv/out/a.jsonl"]) == Path("/srv/out/state")
    assert state_dir_beside_feed(["feeds/a.jsonl"]) == Path("feeds/state")
    assert state_dir_beside_feed(["s3://bucket/a.jsonl"]) is None


def test_incremental_run_keeps_its_state_beside_the_feed(
    replica: ReplicaServer, tmp_path: Path
) -> None:
    """Run from one folder with the feed in another: the state follows the feed, and
    the folder the command ran in gets nothing."""
    here, out = tmp_path / "here", tmp_path / "out"
    here.mkdir()
    command = crawl_command(replica.base_url, out / "feed.jsonl", ["-a", "incremental=true", *FAST])
    done = subprocess.run(command, cwd=here, env=scrapy_env(), capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    assert (out / "state" / "state.sqlite").exists()
    assert list(here.iterdir()) == []
