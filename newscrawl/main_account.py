"""The main job's account of its run: a few lines a person reads, from the run's summary.

``python -m newscrawl`` runs the crawl with Scrapy's log at WARNING (a lost page or a
dropped article still shows) and then says what came of it, instead of Scrapy's
startup banner, middleware lists and stats dump. It reads the run's
``<feed>.summary.json`` (``newscrawl.extensions.run_summary``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

VERDICTS = {0: "healthy", 1: "errors", 2: "bad arguments", 3: "site unreachable", 4: "unhealthy"}


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{reason} {n}" for reason, n in sorted(counts.items()) if n) or "none"


def account_of_run(feed: Path, status: int, summary: dict[str, Any] | None) -> str:
    """What the run wrote, what it dropped and why, what it lost, and its verdict."""
    verdict = f"exit status {status}: {VERDICTS.get(status, 'failed')}"
    if summary is None:
        return f"The crawl ended without a run summary ({verdict})."
    lines = [
        f"Wrote {summary['emitted']} articles to {feed.resolve()} ({verdict}).",
        f"  found {summary['discovered']} article links; {summary['requests']} requests "
        f"in {summary['duration_s'] or 0:.1f} s",
        f"  articles not written: {_counts(summary['dropped'])}",
        f"  paragraphs removed: {_counts(summary['paragraphs_dropped'])}",
        f"  requests lost: {_counts(summary['errors'])}",
    ]
    lines += [f"  problem: {problem}" for problem in summary["problems"]]
    return "\n".join(lines)
