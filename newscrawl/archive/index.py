"""Where each page of a web archive is: URL -> (file, offset) of its latest capture.

Built by one pass over the files; records that are damaged or unusable are reported
(file, offset, reason) and left out, so a rebuild never serves them. An article is
also found by its CMS id, so a request for another URL variant of it (the crawl may
have reached it through a listing, the replay through the sitemap) gets the same page.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from newscrawl.archive.pages import NOT_PAGES, Skipped, page_problem, site_of
from newscrawl.archive.reader import Damage, read_warc
from newscrawl.sites import profile_named

WARC_SUFFIXES = (".warc", ".warc.gz", ".warc.gz.open")


@dataclass(frozen=True)
class Capture:
    path: Path
    offset: int
    date: str
    url: str


@dataclass
class ArchiveIndex:
    by_url: dict[str, Capture] = field(default_factory=dict)
    #: article id -> its latest capture, whatever the URL variant
    articles: dict[str, Capture] = field(default_factory=dict)
    sites: Counter[str] = field(default_factory=Counter)
    hosts: Counter[str] = field(default_factory=Counter)
    skipped: list[Skipped] = field(default_factory=list)
    passed: Counter[str] = field(default_factory=Counter)
    files: int = 0

    @property
    def site(self) -> str | None:
        """The profile named by the archive's warcinfo records (the most frequent)."""
        return self.sites.most_common(1)[0][0] if self.sites else None

    @property
    def base_url(self) -> str | None:
        """``scheme://host`` most of the archived pages are on."""
        return self.hosts.most_common(1)[0][0] if self.hosts else None

    def find(self, url: str, article_id: str | None) -> Capture | None:
        capture = self.by_url.get(url)
        if capture is None and article_id is not None:
            capture = self.articles.get(article_id)
        return capture


def warc_files(paths: Iterable[Path]) -> list[Path]:
    """The WARC files among ``paths`` and in the folders among them (recursively)."""
    files = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.is_file() and is_warc(p))
        else:
            files.append(path)
    return files


def archive_inputs(paths: Sequence[Path]) -> bool:
    """Whether ``paths`` are web archives: each a WARC file or a folder holding one."""
    return bool(paths) and all(
        any(is_warc(p) for p in path.rglob("*")) if path.is_dir() else is_warc(path)
        for path in paths
    )


def is_warc(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


def build_index(files: Iterable[Path], site: str | None = None) -> ArchiveIndex:
    index = ArchiveIndex()
    for path in files:
        index.files += 1
        file_site = site
        for record in read_warc(path):
            if isinstance(record, Damage):
                index.skipped.append(Skipped(record.where, record.reason))
                continue
            kind = record.type
            if kind == "warcinfo":
                file_site = site or site_of(record) or file_site
            if kind in NOT_PAGES:
                index.passed[kind] += 1
                continue
            problem = page_problem(record, file_site)
            if problem is not None:
                index.skipped.append(Skipped(record.where, problem))
                continue
            assert file_site is not None
            _add(index, record.path, record.offset, record.headers, file_site)
    return index


def _add(index: ArchiveIndex, path: Path, offset: int, headers: dict[str, str], site: str) -> None:
    url = headers.get("warc-target-uri", "")
    capture = Capture(path, offset, headers.get("warc-date", ""), url)
    if _newer(capture, index.by_url.get(url)):
        index.by_url[url] = capture
    parts = urlsplit(url)
    index.hosts[f"{parts.scheme}://{parts.netloc}"] += 1
    index.sites[site] += 1
    article_id = profile_named(site).article_id(parts.path)
    if article_id is not None and _newer(capture, index.articles.get(article_id)):
        index.articles[article_id] = capture


def _newer(capture: Capture, known: Capture | None) -> bool:
    """Later WARC-Date wins; on a tie, the one read later (files in name order)."""
    return known is None or capture.date >= known.date
