"""The main job on the bundled replica: ``python -m newscrawl``.

Starts the replica of the site on a free port of 127.0.0.1, runs
``scrapy crawl expertkz`` against it in a child process (exactly what a user runs
against the live site), writes the feed and says where. No network needed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from newscrawl.main_account import account_of_run
from newscrawl.replica.server import ReplicaServer


def crawl_command(base_url: str, output: Path | None, extra: Sequence[str] = ()) -> list[str]:
    """The ``scrapy crawl`` command line for one crawl of ``base_url`` into ``output``
    (overwritten; None: the feeds are in ``extra``)."""
    feed = ["-O", f"{output}:jsonlines"] if output is not None else []
    return [
        sys.executable,
        "-m",
        "scrapy",
        "crawl",
        "expertkz",
        "-a",
        f"base_url={base_url}",
        *feed,
        *extra,
    ]


def scrapy_env() -> dict[str, str]:
    """The environment for a child ``scrapy``: project settings found without scrapy.cfg."""
    return {**os.environ, "SCRAPY_SETTINGS_MODULE": "newscrawl.settings"}


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:1] == ["extract"]:  # newscrawl extract ...: offline extraction
        from newscrawl.cli.extract import main as extract

        return extract(arguments[1:])
    parser = argparse.ArgumentParser(
        prog="python -m newscrawl",
        description="Crawl the bundled replica of expert-kz.com into a JSON Lines feed.",
    )
    parser.add_argument(
        "--output", type=Path, default=Path("data/articles.jsonl"), help="feed file to write"
    )
    parser.add_argument(
        "scrapy_args",
        nargs="*",
        help="extra scrapy options after --, e.g. -- -s LOG_LEVEL=INFO for Scrapy's log",
    )
    args = parser.parse_args(argv)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    with ReplicaServer() as replica:
        print(f"Crawling the bundled replica of expert-kz.com at {replica.base_url}", flush=True)
        # warnings and errors only (a lost page, a dropped article); the user's own -s
        # options come later and win, e.g. -- -s LOG_LEVEL=INFO
        quiet = ["-s", "LOG_LEVEL=WARNING"]
        if sys.stderr.isatty():
            quiet += ["-s", "NEWSCRAWL_PROGRESS_BAR=True"]
        command = crawl_command(replica.base_url, args.output, [*quiet, *args.scrapy_args])
        status = subprocess.call(command, env=scrapy_env())
    summary_file = args.output.with_name(args.output.stem + ".summary.json")
    summary = json.loads(summary_file.read_text("utf-8")) if summary_file.exists() else None
    print(account_of_run(args.output, status, summary))
    if status == 0 and not args.output.exists():
        return 1
    return status


if __name__ == "__main__":
    sys.exit(main())
