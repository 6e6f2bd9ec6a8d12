"""``newscrawl extract``: the crawl's parser and text stages over saved pages, offline.

::

    newscrawl extract [-o OUT] [-j N] [--site NAME] [--url URL] PATH...
    newscrawl extract --manifest FILE [-o OUT] [-j N]
    newscrawl extract [-o OUT] [--state DIR] [--site NAME] ARCHIVE...

PATHs that are web archives (``.warc``/``.warc.gz`` files, folders of them) rebuild
the crawl's feed from the archived pages (``newscrawl.archive.rebuild``, docs/archive.md).

Writes JSON Lines (stdout unless ``-o``), one record per page with the feed contract's
fields. Over PATHs, a record the feed would drop (no title, body, published date...)
is not written: one stderr line names the file and the reason. Over a manifest, every
input line gets exactly one output line, first its ``id``, then the fields, then
``sources`` (which link of the parser's chain gave each field, as the crawl's stats
count them) and ``problems`` (what the feed's validation would drop it for, or why the
page could not be read, with every field null). Unreadable input (a missing file, a
binary file, a page that is not HTML, an undecodable encoding) gives one stderr line
naming the file and is counted. The exit
status is 0 when every page gave a record, 1 when anything was skipped or dropped, 2
for bad arguments.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack
from pathlib import Path
from typing import IO, Any

from newscrawl.archive.index import archive_inputs
from newscrawl.cli.offline import Extractor, Outcome, empty_record
from newscrawl.cli.pages import (
    Item,
    Page,
    Walk,
    pages_from_manifest,
    pages_from_paths,
)
from newscrawl.sites import PROFILES

OK, SKIPPED, USAGE = 0, 1, 2
#: pages handed to a worker at a time: enough to keep pickling cheap, few enough to
#: keep the output streaming
_CHUNK = 8

_extractor: Extractor | None = None


def _start_worker(site: str | None) -> None:
    global _extractor
    _extractor = Extractor(site)


def _extract(page: Page) -> Outcome:
    assert _extractor is not None
    return _extractor.extract(page)


def outcomes(items: Iterable[Item], site: str | None, jobs: int) -> Iterator[Outcome]:
    """An outcome per item, in input order; pages are extracted by ``jobs`` processes."""
    pages_and_errors = (
        item if isinstance(item, Page) else Outcome(item.id or "", item.origin, error=item.reason)
        for item in items
    )
    if jobs <= 1:
        _start_worker(site)
        for item in pages_and_errors:
            yield _extract(item) if isinstance(item, Page) else item
        return
    with ProcessPoolExecutor(jobs, initializer=_start_worker, initargs=(site,)) as pool:
        batch: list[Page | Outcome] = []
        for item in pages_and_errors:
            batch.append(item)
            if len(batch) >= _CHUNK * jobs:
                yield from _run_batch(pool, batch)
                batch = []
        yield from _run_batch(pool, batch)


def _run_batch(pool: ProcessPoolExecutor, batch: list[Page | Outcome]) -> Iterator[Outcome]:
    pages = [item for item in batch if isinstance(item, Page)]
    done = iter(pool.map(_extract, pages, chunksize=_CHUNK))
    for item in batch:
        yield next(done) if isinstance(item, Page) else item


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newscrawl extract",
        description="Extract articles from saved pages, offline, as the crawl would.",
    )
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="HTML files, folders")
    parser.add_argument("--manifest", type=Path, help='JSON Lines of {"id", "html_path", "url"}')
    parser.add_argument("-o", "--output", type=Path, help="write here instead of stdout")
    parser.add_argument("-j", "--jobs", type=int, default=1, help="worker processes (default 1)")
    parser.add_argument("--site", help=f"site profile: {', '.join(sorted(PROFILES))}")
    parser.add_argument("--url", help="the URL of the page (a single PATH only)")
    parser.add_argument(
        "--state",
        type=Path,
        metavar="DIR",
        help="web archives: emit only articles changed against this incremental state",
    )
    return parser


def _check(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    if args.manifest is not None and (args.paths or args.url or args.site):
        parser.error("--manifest takes no PATH, --url or --site")
    if args.manifest is None and not args.paths:
        parser.error("give PATH... or --manifest FILE")
    if args.url is not None and (len(args.paths) != 1 or args.paths[0].is_dir()):
        parser.error("--url is for a single page: give exactly one file")
    if args.jobs < 1:
        parser.error("-j must be at least 1")
    if args.site is not None and args.site not in PROFILES:
        parser.error(f"unknown site {args.site!r}; known: {', '.join(sorted(PROFILES))}")
    if args.state is not None and not archive_inputs(args.paths):
        parser.error("--state is for web archives (WARC files or folders of them)")


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
        _check(parser, args)
    except SystemExit as exit_:
        return int(exit_.code or 0) and USAGE
    if args.manifest is None and archive_inputs(args.paths):
        from newscrawl.archive.rebuild import rebuild  # the crawl replayed: Scrapy's engine

        return rebuild(args.paths, args.output, state=args.state, site=args.site, jobs=args.jobs)
    walk = Walk()
    manifest = args.manifest is not None
    items = (
        pages_from_manifest(args.manifest)
        if manifest
        else pages_from_paths(args.paths, args.url, walk)
    )
    counts: Counter[str] = Counter()
    with ExitStack() as stack:
        out: IO[str] = (
            stack.enter_context(args.output.open("w", encoding="utf-8"))
            if args.output is not None
            else sys.stdout
        )
        for outcome in outcomes(items, args.site, args.jobs):
            line = _line(outcome, manifest, counts)
            if line is not None:
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
    _summary(counts, walk)
    return SKIPPED if counts["skipped"] or counts["dropped"] else OK


def _line(outcome: Outcome, manifest: bool, counts: Counter[str]) -> dict[str, Any] | None:
    """The output line of one outcome (None: nothing written), counted and reported."""
    counts["read"] += 1
    if outcome.error is not None:
        counts["skipped"] += 1
        print(f"newscrawl extract: {outcome.origin}: skipped: {outcome.error}", file=sys.stderr)
        if not manifest:
            return None
        return {"id": outcome.id, **empty_record(), "sources": {}, "problems": [outcome.error]}
    assert outcome.record is not None
    if manifest:
        counts["written"] += 1
        return {
            "id": outcome.id,
            **outcome.record,
            "sources": outcome.sources,
            "problems": outcome.problems,
        }
    if outcome.problems:
        counts["dropped"] += 1
        reasons = ", ".join(outcome.problems)
        print(f"newscrawl extract: {outcome.origin}: dropped: {reasons}", file=sys.stderr)
        return None
    counts["written"] += 1
    return outcome.record


def _summary(counts: Counter[str], walk: Walk) -> None:
    parts = [f"{counts['read']} read", f"{counts['written']} written"]
    parts += [f"{counts[k]} {k}" for k in ("skipped", "dropped") if counts[k]]
    if walk.ignored:
        parts.append(f"{walk.ignored} files in folders not read (no reader for their type)")
    print("newscrawl extract: " + ", ".join(parts), file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
