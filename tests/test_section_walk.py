"""The listing walk's decisions on a simulated listing (the crawls over HTTP are in
tests/test_cron_runs.py): what it reads, and what progress a run proves."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from newscrawl.spiders.expertkz import ExpertKzSpider
from newscrawl.spiders.listing_walk import ListingWalker
from newscrawl.state.sections import SectionProgress, SectionWalk

PAGE = 14


def listing(newest: int, count: int) -> list[str]:
    """Ids newest first: ``newest`` down to ``newest - count + 1``."""
    return [str(newest - n) for n in range(count)]


def walk(
    entries: list[str],
    progress: SectionProgress | None,
    known: set[str],
    delivered_pages: int | None = None,
) -> tuple[list[int], SectionProgress | None]:
    """Walk ``entries``; the run delivers every unknown article of the first
    ``delivered_pages`` pages it read (all when None). Returns the offsets read and the
    progress the run proves."""
    section = SectionWalk("/tema", progress)
    offset: int | None = 0
    read: list[int] = []
    while offset is not None:
        ids = entries[offset : offset + PAGE]
        nxt = offset + PAGE if offset + PAGE < len(entries) else None
        read.append(offset)
        offset = section.page_read(offset, ids, nxt, known.__contains__)
    pages = read if delivered_pages is None else read[:delivered_pages]
    delivered = {i for start in pages for i in entries[start : start + PAGE]}
    done = known | delivered
    return read, section.advanced(done.__contains__, "2026-01-01T00:00:00+00:00")


def test_first_crawl_reads_everything_then_a_quiet_run_one_page() -> None:
    site = listing(1000, 100)
    read, progress = walk(site, None, set())
    assert read == list(range(0, 100, PAGE))
    assert progress == SectionProgress("/tema", tuple(site[:PAGE]), 0, 100, True, progress.swept_at)
    grown = listing(1005, 105)  # five published since
    read, after = walk(grown, progress, set(site))
    assert read == [0]
    assert after is not None and after.complete and (after.top, after.end) == (0, 105)


def test_quiet_run_cost_does_not_depend_on_the_size() -> None:
    for size in (100, 300):
        site = listing(5000, size)
        _, progress = walk(site, None, set())
        read, _ = walk(listing(5020, size + 20), progress, set(site))
        assert read == [0, 14]  # the anchor (old newest) sits at position 20


def test_a_cut_first_crawl_continues_below_the_region_and_misses_nothing() -> None:
    site = listing(1000, 100)
    read, progress = walk(site, None, set(), delivered_pages=2)
    assert progress is not None and (progress.top, progress.end, progress.complete) == (
        0,
        28,
        False,
    )
    known = set(site[:28])
    grown = listing(1009, 109)  # nine published since: everything moved down by nine
    read, after = walk(grown, progress, known)
    # page 0 holds the anchor (at 9); the region ends at 37, so the backlog resumes at 28
    assert read == [0, 28, 42, 56, 70, 84, 98]
    assert after is not None and after.complete and (after.top, after.end) == (0, 109)


def test_a_head_run_cut_short_keeps_the_old_region() -> None:
    """New articles above the anchor partly delivered: the region may not start at the
    top, or an all-known first page would hide the undelivered second one next time."""
    site = listing(1000, 100)
    _, progress = walk(site, None, set())
    grown = listing(1028, 128)
    read, after = walk(grown, progress, set(site), delivered_pages=1)
    assert read == [0, 14, 28]
    assert after is not None and (after.top, after.end, after.anchor) == (
        28,
        128,
        progress.anchor,  # type: ignore[union-attr]
    )
    # next run: page 0 all known, page 1 not; the anchor is still what stops the walk
    read, final = walk(grown, after, set(site) | set(grown[:14]))
    assert read == [0, 14, 28]
    assert final is not None and (final.top, final.end, final.complete) == (0, 128, True)


def test_without_progress_nothing_is_claimed_when_the_first_page_is_unfinished() -> None:
    _, progress = walk(listing(1000, 50), None, set(), delivered_pages=0)
    assert progress is None


def test_a_lost_anchor_stops_after_known_pages_and_resumes_at_the_old_end() -> None:
    site = listing(1000, 100)
    _, progress = walk(site, None, set(), delivered_pages=3)
    assert progress is not None
    # the anchor's articles were deleted: the listing no longer shows them
    shown = [i for i in site if i not in set(progress.anchor)]
    read, after = walk(shown, progress, set(site[:42]))
    assert read[:2] == [0, 14] and read[2] == 42  # two known pages, then the old end
    assert after is not None and after.complete


def test_a_sweep_is_due_by_interval_only_for_a_complete_section() -> None:
    walker = ListingWalker.__new__(ListingWalker)
    walker.sweep_days = 7
    now = datetime(2026, 12, 3, tzinfo=UTC)
    week_ago = (now - timedelta(days=7)).isoformat()
    complete = SectionProgress("/tema", ("1",), 0, 14, True, week_ago)
    assert walker._sweep_due(complete, now)
    assert not walker._sweep_due(replace(complete, swept_at=now.isoformat()), now)
    # a sweep under way (or a first crawl) goes on as a backlog, it does not start again
    assert not walker._sweep_due(replace(complete, complete=False), now)
    walker.sweep_days = 0
    assert not walker._sweep_due(complete, now)


def test_sweep_argument_is_checked_before_the_crawl() -> None:
    ExpertKzSpider.check_arguments(sweep="true")
    with pytest.raises(ValueError, match="sweep must be true or false"):
        ExpertKzSpider.check_arguments(sweep="weekly")
