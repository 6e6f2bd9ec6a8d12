"""The README's crontab line, run as cron runs it: ``/bin/sh -c`` with cron's bare
environment (``env -i PATH=/usr/bin:/bin``), from a checkout with nothing set up.

Only what cannot be the same here is replaced: ``/srv/newscrawl`` by a checkout in a
temporary folder, its venv's python by this interpreter, and the replica's address
(plus politeness off, for speed) is added to the crawl's arguments.
"""

from __future__ import annotations

import fcntl
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from newscrawl.replica.content import DEFAULT_SITE
from newscrawl.replica.server import ReplicaServer
from tests.crawl_runner import FAST, PROJECT_ROOT

CRON_BLOCK = re.compile(r"```cron\n(.*?)\n```", re.DOTALL)
DEPLOYED_AT = "/srv/newscrawl"
VENV_PYTHON = f"{DEPLOYED_AT}/.venv/bin/python"


def readme_cron_line() -> str:
    (line,) = CRON_BLOCK.findall((PROJECT_ROOT / "README.md").read_text("utf-8"))
    return line


def as_cron_runs_it(line: str, checkout: Path, *test_arguments: str) -> str:
    """The shell command cron hands to /bin/sh for ``line``."""
    minute, hour, day, month, weekday, command = line.split(None, 5)
    assert (minute, hour, day, month, weekday) == ("*/15", "*", "*", "*", "*")
    # cron ends the command at an unescaped % (the rest is stdin); \% is a literal %
    assert re.search(r"(?<!\\)%", command) is None, command
    command = command.replace("\\%", "%")
    assert VENV_PYTHON in command  # an absolute path: cron's PATH has no venv
    command = command.replace(VENV_PYTHON, sys.executable)
    command = command.replace(DEPLOYED_AT, str(checkout))
    crawl, status_report = command.split(" || ")
    return f"{crawl} {' '.join(test_arguments)} || {status_report}"


def run_as_cron(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["env", "-i", "PATH=/usr/bin:/bin", "/bin/sh", "-c", command],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=180,
    )


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """What a fresh clone holds for the crawl: scrapy.cfg, the package, an empty data/."""
    root = tmp_path / "newscrawl"
    root.mkdir()
    shutil.copy(PROJECT_ROOT / "scrapy.cfg", root / "scrapy.cfg")
    (root / "newscrawl").symlink_to(PROJECT_ROOT / "newscrawl")
    (root / "data").mkdir()
    return root


def test_readme_crontab_line_works_under_cron(
    replica: ReplicaServer, checkout: Path, tmp_path: Path
) -> None:
    command = as_cron_runs_it(
        readme_cron_line(), checkout, "-a", f"base_url={replica.base_url}", *FAST
    )
    done = run_as_cron(command, tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    (feed,) = (checkout / "data" / "feeds").glob("expertkz-*.jsonl")
    assert len(feed.read_bytes().splitlines()) == len(DEFAULT_SITE.articles) == 29
    summary = json.loads(feed.with_name(feed.stem + ".summary.json").read_text("utf-8"))
    assert summary["exit_status"] == 0
    assert (checkout / "data" / "feeds" / "state" / "state.sqlite").exists()
    # the dated log folder was created by the crawl, and the log is Scrapy's
    (log,) = (checkout / "data" / "logs").glob("crawl-*.log")
    assert re.fullmatch(r"crawl-\d{4}-\d{2}-\d{2}\.log", log.name)
    assert "Spider closed (finished)" in log.read_text("utf-8")


def test_a_run_that_collides_reports_75(checkout: Path, tmp_path: Path) -> None:
    """flock -E 75: while the previous run holds the lock, the line reports 75 (the
    exit status table's "try again later"), not 1."""
    command = as_cron_runs_it(readme_cron_line(), checkout, "-a", "base_url=http://127.0.0.1:9")
    with (checkout / "data" / "cron.lock").open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        done = run_as_cron(command, tmp_path)
    assert done.stderr == "newscrawl exit 75\n"
    assert not (checkout / "data" / "logs").exists()  # the crawl never started
