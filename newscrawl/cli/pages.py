"""The input side of ``newscrawl extract``: PATH arguments or a manifest, to pages.

A page is what a fetch would have given the parser: an id, a URL, the body bytes and
the encoding an HTTP header would have declared (None: the page's own declaration and
detection decide). Files are read by the reader registered for their suffix;
``register_reader`` lets another container format (a WARC archive holds many pages)
plug in without touching the command. An explicit file no reader claims is read as one
HTML page; inside a folder such files are passed over and counted.

Nothing here parses HTML: a page that cannot be read becomes an ``Unreadable`` naming
its file and why, which the command reports, counts and skips.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Page:
    """One page to extract."""

    id: str
    url: str
    body: bytes
    #: what an HTTP Content-Type header would have said; None: the page decides
    encoding: str | None = None
    #: where it came from, for messages (a file, a record in an archive)
    origin: str = ""


@dataclass(frozen=True)
class Unreadable:
    """An input that gave no page: which, and why (one line on stderr)."""

    origin: str
    reason: str
    id: str | None = None


Item = Page | Unreadable
#: reads one file (``url``: the page URL the user gave, for a single page) into pages
Reader = Callable[[Path, str | None], Iterator[Item]]

_READERS: dict[str, Reader] = {}


def register_reader(suffixes: Iterable[str], reader: Reader) -> None:
    """Read files ending in any of ``suffixes`` (".warc.gz") with ``reader``."""
    for suffix in suffixes:
        _READERS[suffix.lower()] = reader


def reader_for(path: Path) -> Reader | None:
    """The reader of the longest registered suffix ``path`` ends with."""
    name = path.name.lower()
    matches = [s for s in _READERS if name.endswith(s)]
    return _READERS[max(matches, key=len)] if matches else None


def read_html_file(path: Path, url: str | None) -> Iterator[Item]:
    """One HTML page per file; without a URL its ``file://`` URI stands in."""
    try:
        body = path.read_bytes()
    except OSError as error:
        yield Unreadable(str(path), _os_reason(error))
        return
    yield Page(str(path), url or path.resolve().as_uri(), body, None, str(path))


register_reader((".html", ".htm", ".xhtml", ".shtml"), read_html_file)


@dataclass
class Walk:
    """What a walk over the PATH arguments passed over (files no reader claims)."""

    ignored: int = 0


def pages_from_paths(paths: Iterable[Path], url: str | None, walk: Walk) -> Iterator[Item]:
    """Every page of the files and folders given, folders recursively in name order."""
    for path in paths:
        if path.is_dir():
            for file in sorted(p for p in path.rglob("*") if p.is_file()):
                reader = reader_for(file)
                if reader is None:
                    walk.ignored += 1
                    continue
                yield from reader(file, None)
        elif path.exists():
            yield from (reader_for(path) or read_html_file)(path, url)
        else:
            yield Unreadable(str(path), "no such file or directory")


def pages_from_manifest(manifest: Path) -> Iterator[Item]:
    """One item per non-blank manifest line: ``{"id", "html_path", "url"}`` and an
    optional ``"encoding"``; ``html_path`` relative to the manifest's folder."""
    try:
        lines = manifest.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        yield Unreadable(str(manifest), f"manifest unreadable: {error}")
        return
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        yield _manifest_item(manifest, number, line)


def _manifest_item(manifest: Path, number: int, line: str) -> Item:
    where = f"{manifest}:{number}"
    try:
        entry = json.loads(line)
    except ValueError:
        return Unreadable(where, "not a JSON object")
    if not isinstance(entry, dict):
        return Unreadable(where, "not a JSON object")
    ident = entry.get("id")
    ident = None if ident is None else str(ident)
    html_path, url = entry.get("html_path"), entry.get("url")
    if ident is None or not isinstance(html_path, str):
        return Unreadable(where, 'needs "id" and "html_path"', ident)
    path = Path(html_path)
    if not path.is_absolute():
        path = manifest.parent / path
    try:
        body = path.read_bytes()
    except OSError as error:
        return Unreadable(str(path), _os_reason(error), ident)
    encoding = entry.get("encoding")
    return Page(
        ident,
        url if isinstance(url, str) and url else path.resolve().as_uri(),
        body,
        encoding if isinstance(encoding, str) and encoding else None,
        str(path),
    )


def _os_reason(error: OSError) -> str:
    return (error.strerror or str(error)).lower()
