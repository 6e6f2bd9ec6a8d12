"""How far each section's listing has been walked: what an incremental run need not read.

A section listing shows its articles newest first, a page at a time (``?start=N``).
Articles only ever move deeper as new ones are published, so "every article from
position T down to position E was delivered (or is known to have nothing to deliver)"
stays true, shifted by the number published since. A section's progress is that *done
region*, saved with the ids of its first entries (the *anchor*): the next run finds the
anchor on its first pages, which says how far the region has moved, reads only what lies
above it (new articles) and, until the walk has once reached the listing's last page,
continues below it (the backlog of a first crawl split over many runs).

The region is extended only over pages whose every article is in the committed state
or was finished by the run without an article (dropped, gone): a page whose articles
were requested but not delivered when the run stopped stays outside, and the next run
reads it again. So a run may re-read known pages, never skip an undelivered article.

The progress lives in ``discovery.sqlite`` in the state directory (``DiscoveryDb``),
beside the articles' state, which it reads but never writes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

#: whether an article is done (delivered and committed, or finished without an article)
Done = Callable[[str], bool]


@dataclass(frozen=True)
class SectionProgress:
    """The done region of one section listing, as of the run that saved it."""

    section: str
    #: ids of the region's first entries, in listing order (the anchor)
    anchor: tuple[str, ...]
    #: position of ``anchor[0]`` in the listing when saved
    top: int
    #: first position after the region when saved
    end: int
    #: the region once reached the listing's last page
    complete: bool = False
    #: when the last complete walk of every page ended (ISO 8601 UTC), None if never
    swept_at: str | None = None

    def to_row(self) -> tuple[str, str, int, int, int, str | None]:
        return (
            self.section,
            json.dumps(self.anchor),
            self.top,
            self.end,
            int(self.complete),
            self.swept_at,
        )

    @classmethod
    def from_row(cls, row: Sequence[object]) -> SectionProgress:
        section, anchor, top, end, complete, swept_at = row
        return cls(
            section=str(section),
            anchor=tuple(json.loads(str(anchor))),
            top=int(str(top)),
            end=int(str(end)),
            complete=bool(complete),
            swept_at=None if swept_at is None else str(swept_at),
        )


@dataclass
class WalkedPage:
    """One listing page read by this run."""

    offset: int
    ids: tuple[str, ...]
    last: bool  # no next page

    @property
    def end(self) -> int:
        return self.offset + len(self.ids)


@dataclass
class SectionWalk:
    """The walk of one section in one run: which page to read next, and what it proved.

    ``known(id)`` says whether the committed state holds an article. Without
    ``progress`` (a first crawl, or a sweep) every page is read down to the last one;
    with it, the walk reads from page 1 down to the anchor, then jumps to the end of the
    done region unless the section is complete, then reads on to the last page.
    """

    section: str
    progress: SectionProgress | None
    #: pages in a row with only known articles after which a walk that has not met its
    #: anchor (its first entries deleted or moved) takes the region as reached
    known_pages_to_stop: int = 2
    pages: list[WalkedPage] = field(default_factory=list)
    #: current position of the old done region [region_top, region_end), once located
    region_top: int | None = None
    region_end: int | None = None
    anchor_lost: bool = False
    _known_streak: int = 0
    _in_backlog: bool = False

    def page_read(
        self, offset: int, ids: Sequence[str], next_offset: int | None, known: Done
    ) -> int | None:
        """Record a page; the offset of the page to read next, or None to stop."""
        page = WalkedPage(offset, tuple(ids), next_offset is None)
        self.pages.append(page)
        if next_offset is None:
            return None
        progress = self.progress
        if progress is None or self._in_backlog:
            return next_offset
        self._locate_region(page, known)
        if self.region_top is None:
            return next_offset  # the anchor is further down: new articles above it
        if progress.complete:
            return None
        self._in_backlog = True
        assert self.region_end is not None
        step = next_offset - offset
        resume = max(next_offset, (self.region_end // step) * step if step > 0 else next_offset)
        return resume

    def _locate_region(self, page: WalkedPage, known: Done) -> None:
        progress = self.progress
        assert progress is not None
        anchor = {article_id: n for n, article_id in enumerate(progress.anchor)}
        for position, article_id in enumerate(page.ids, start=page.offset):
            if article_id in anchor:
                self.region_top = position - anchor[article_id]
                self.region_end = self.region_top + progress.end - progress.top
                return
        self._known_streak = self._known_streak + 1 if all(map(known, page.ids)) else 0
        if page.ids and self._known_streak >= self.known_pages_to_stop:
            # the anchor is gone; articles only move deeper, so the old end still bounds
            self.anchor_lost = True
            first_known = page.end - self._known_streak * len(page.ids)
            self.region_top = max(0, first_known)
            self.region_end = max(progress.end, self.region_top)

    def advanced(self, done: Done, swept_at: str) -> SectionProgress | None:
        """The progress this run proved, given which articles are now done; None when
        nothing is proved (the first page itself was not finished)."""
        intervals = [(p.offset, p.end) for p in self.pages if all(map(done, p.ids))]
        old = self.progress
        keep_old = old is not None and self.region_top is not None
        if keep_old:
            assert self.region_top is not None and self.region_end is not None
            intervals.append((self.region_top, self.region_end))
        reach = _reach_from(0, intervals)
        # the region may start at the top only if it joins the old one (or there is none)
        joins = not keep_old or (reach is not None and reach >= (self.region_top or 0))
        if reach is not None and joins and self.pages and self.pages[0].offset == 0:
            top, end = 0, reach
            anchor = self.pages[0].ids
        elif keep_old:
            assert old is not None and self.region_top is not None
            top = self.region_top
            end = _reach_from(top, intervals) or top
            anchor = old.anchor
        else:
            return old
        last_done = any(p.last and top <= p.offset and p.end <= end for p in self.pages)
        old_region_kept = (
            keep_old and top <= (self.region_top or 0) and (self.region_end or 0) <= end
        )
        complete = last_done or bool(old and old.complete and old_region_kept)
        newly_complete = complete and not (old and old.complete and old_region_kept)
        swept = swept_at if newly_complete else (old.swept_at if old else None)
        return SectionProgress(self.section, tuple(anchor), top, end, complete, swept)


def _reach_from(start: int, intervals: Iterable[tuple[int, int]]) -> int | None:
    """The end of the union of ``intervals`` that is contiguous from ``start``; None if
    no interval covers ``start``."""
    reach: int | None = None
    for low, high in sorted(intervals):
        if reach is None:
            if low <= start < high or (low == start == high):
                reach = high
            elif low > start:
                return None
            continue
        if low > reach:
            break
        reach = max(reach, high)
    return reach
