"""The crawl's web archive, read back with warcio: every fetched page, right and complete."""

from __future__ import annotations

import hashlib
import os
import signal
import time
from base64 import b32encode
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newscrawl.replica.content import DEFAULT_SITE
from newscrawl.replica.server import ReplicaServer
from tests.archive_support import GzipReplica, ReadRecord, read_archive
from tests.crawl_runner import FAST, run_crawl, start_crawl


@pytest.fixture(scope="module")
def gzip_replica() -> Iterator[GzipReplica]:
    with GzipReplica() as server:
        yield server


@pytest.fixture(scope="module")
def archived(gzip_replica: GzipReplica, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """One crawl of the (gzipping) replica with the archive on, and what it fetched."""
    work = tmp_path_factory.mktemp("archived")
    gzip_replica.reset_stats()
    started = datetime.now(UTC).replace(microsecond=0)
    crawl = run_crawl(
        gzip_replica.base_url, work, *FAST, "-s", f"NEWSCRAWL_ARCHIVE={work / 'warc'}"
    )
    finished = datetime.now(UTC)
    return crawl, work / "warc", gzip_replica.requests, (started, finished)


def test_every_fetched_page_is_one_response_record(archived) -> None:  # type: ignore[no-untyped-def]
    crawl, warc, served, _ = archived
    assert crawl.returncode == 0, crawl.log[-2000:]
    assert len(crawl.items) == len(DEFAULT_SITE.articles)
    records = read_archive(warc)
    responses = [r for r in records if r.type == "response"]
    fetched = Counter(crawl_target(r.uri) for r in responses)
    assert fetched == Counter(target for _, target in served)
    assert crawl.stat("newscrawl/archive/responses") == len(responses)
    kinds = {kind_of(r.uri) for r in responses}
    assert {"robots", "sitemap", "feed", "listing", "article"} <= kinds
    assert not list(warc.glob("*.open")), "a finished crawl leaves no incomplete file"


def test_records_are_right(archived) -> None:  # type: ignore[no-untyped-def]
    _, warc, _, (started, finished) = archived
    records = read_archive(warc)
    by_id = {r.headers["WARC-Record-ID"]: r for r in records}
    for record in records:
        date = datetime.fromisoformat(record.date.replace("Z", "+00:00"))
        assert started <= date <= finished
        if record.type != "response":
            continue
        # the stored body is the one received: gzip, as its headers say, and the digest is
        # of exactly those bytes (warcio also checked it while reading)
        digest = "sha1:" + b32encode(hashlib.sha1(record.raw_payload).digest()).decode()
        assert record.headers["WARC-Payload-Digest"] == digest
        if record.raw_payload:
            assert record.http_headers["Content-Encoding"] == "gzip"
            assert record.http_headers["Content-Length"] == str(len(record.raw_payload))
        request = next(
            r
            for r in records
            if r.type == "request"
            and r.headers.get("WARC-Concurrent-To") == record.headers["WARC-Record-ID"]
        )
        assert request.uri == record.uri
        assert request.http_headers["User-Agent"].startswith("newscrawl/")
        assert record.headers["WARC-Record-ID"] in by_id
    seed = next(
        r
        for r in records
        if r.type == "response" and "/item/" in (r.uri or "") and r.status == "200"
    )
    assert b"<html" in seed.content[:500].lower()


def test_each_file_opens_with_warcinfo_naming_crawler_version_and_site(archived) -> None:  # type: ignore[no-untyped-def]
    _, warc, _, _ = archived
    records = read_archive(warc)
    first_of_file: dict[str, ReadRecord] = {}
    for record in records:
        first_of_file.setdefault(record.file, record)
    assert first_of_file
    for record in first_of_file.values():
        assert record.type == "warcinfo"
        info = dict(line.split(": ", 1) for line in record.content.decode().splitlines() if line)
        assert info["software"].startswith("newscrawl/0.1.0 Scrapy/")
        assert info["newscrawl-site"] == "expertkz"


def test_files_rotate_by_size_each_complete(gzip_replica: GzipReplica, tmp_path: Path) -> None:
    crawl = run_crawl(
        gzip_replica.base_url,
        tmp_path,
        *FAST,
        "-s",
        f"NEWSCRAWL_ARCHIVE={tmp_path / 'warc'}",
        "-s",
        "NEWSCRAWL_ARCHIVE_MAX_SIZE=40000",
    )
    assert crawl.returncode == 0, crawl.log[-2000:]
    files = sorted((tmp_path / "warc").iterdir())
    assert len(files) > 3 and all(f.name.endswith(".warc.gz") for f in files)
    records = read_archive(tmp_path / "warc")
    assert sum(r.type == "warcinfo" for r in records) == len(files)
    assert sum(r.type == "response" for r in records) == crawl.stat("newscrawl/archive/responses")


def test_sigkill_leaves_complete_files_and_one_marked_incomplete(tmp_path: Path) -> None:
    warc = tmp_path / "warc"
    with ReplicaServer(delay=0.05) as slow_site:
        victim = start_crawl(
            slow_site.base_url,
            tmp_path / "killed",
            *FAST,
            "-s",
            f"NEWSCRAWL_ARCHIVE={warc}",
            "-s",
            "NEWSCRAWL_ARCHIVE_MAX_SIZE=30000",
        )
        deadline = time.monotonic() + 60
        while not (list(warc.glob("*.warc.gz")) and list(warc.glob("*.open"))):
            assert victim.poll() is None, "the crawl ended before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.002)
        os.kill(victim.pid, signal.SIGKILL)
        victim.wait()
    complete = sorted(warc.glob("*.warc.gz"))
    incomplete = sorted(warc.glob("*.warc.gz.open"))
    assert len(incomplete) == 1
    assert sorted(warc.iterdir()) == sorted([*complete, *incomplete])
    records = read_archive(warc)  # every final file reads to its end, digests right
    assert sum(r.type == "warcinfo" for r in records) == len(complete)


def crawl_target(uri: str | None) -> str:
    assert uri is not None
    return "/" + uri.split("/", 3)[3]


def kind_of(uri: str | None) -> str:
    assert uri is not None
    if uri.endswith("/robots.txt"):
        return "robots"
    if "sitemap" in uri:
        return "sitemap"
    if "format=feed" in uri:
        return "feed"
    if "/item/" in uri:
        return "article"
    return "listing"
