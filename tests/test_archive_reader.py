"""Bad archives: each damaged or unusable record is skipped, named by file and offset,
and every other record of the file is still read."""

from __future__ import annotations

import gzip
import io
from collections import Counter
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newscrawl.archive.pages import ArchivedPage, Skipped, archived_pages
from newscrawl.archive.records import http_head, warc_record, warcinfo_record

BASE = "https://expert-kz.com/novosti/item/"
HTML = "text/html; charset=utf-8"


def page_html(n: int) -> bytes:
    return (
        f"<html><head><title>Статья {n}</title></head><body><p>Текст {n}</p></body></html>".encode()
    )


def response(
    n: int, body: bytes | None = None, content_type: str = HTML, kind: str = "response"
) -> bytes:
    body = page_html(n) if body is None else body
    head = http_head("HTTP/1.1 200 OK", [(b"Content-Type", content_type.encode())])
    fields = [
        ("WARC-Type", kind),
        ("WARC-Target-URI", f"{BASE}{n}-a"),
        ("WARC-Date", "2026-01-01T00:00:00Z"),
    ]
    member, _ = warc_record(
        1, fields, "application/http; msgtype=response", head, body, payload=body
    )
    return member


def warcinfo() -> bytes:
    return warcinfo_record(1, "test.warc.gz", 0, [("newscrawl-site", "expertkz")])


def write(path: Path, *members: bytes) -> list[int]:
    """Write the members; their offsets."""
    offsets, position = [], 0
    for member in members:
        offsets.append(position)
        position += len(member)
    path.write_bytes(b"".join(members))
    return offsets


def read(path: Path) -> tuple[list[str], list[Skipped]]:
    results = list(archived_pages(path))
    urls = [r.url.removeprefix(BASE) for r in results if isinstance(r, ArchivedPage)]
    return urls, [r for r in results if isinstance(r, Skipped)]


def regzip(member: bytes, change) -> bytes:  # type: ignore[no-untyped-def]
    """The member inflated, changed by ``change``, compressed again as one member."""
    return gzip.compress(change(gzip.decompress(member)))


def test_a_sound_file_gives_every_article_page(tmp_path: Path) -> None:
    path = tmp_path / "a.warc.gz"
    write(path, warcinfo(), response(1), response(2))
    assert read(path) == (["1-a", "2-a"], [])


def test_truncated_gzip_member_in_the_middle(tmp_path: Path) -> None:
    path = tmp_path / "a.warc.gz"
    offsets = write(path, warcinfo(), response(1), response(2)[:60], response(3))
    urls, skipped = read(path)
    assert urls == ["1-a", "3-a"]
    assert [s.where for s in skipped] == [f"{path}@{offsets[2]}"]


def test_truncated_last_member_of_a_killed_crawl(tmp_path: Path) -> None:
    path = tmp_path / "a.warc.gz.open"
    offsets = write(path, warcinfo(), response(1), response(2)[:-7])
    urls, skipped = read(path)
    assert urls == ["1-a"]
    assert [(s.where, s.reason) for s in skipped] == [
        (f"{path}@{offsets[2]}", "truncated gzip member (the file ends inside it)")
    ]


def test_record_with_a_wrong_length(tmp_path: Path) -> None:
    def longer(data: bytes) -> bytes:
        length = data.split(b"Content-Length: ", 1)[1].split(b"\r\n", 1)[0]
        return data.replace(b"Content-Length: " + length, b"Content-Length: %d" % (int(length) + 9))

    def shorter(data: bytes) -> bytes:
        length = data.split(b"Content-Length: ", 1)[1].split(b"\r\n", 1)[0]
        return data.replace(b"Content-Length: " + length, b"Content-Length: %d" % (int(length) - 9))

    path = tmp_path / "a.warc.gz"
    offsets = write(
        path,
        warcinfo(),
        regzip(response(1), longer),
        response(2),
        regzip(response(3), shorter),
        response(4),
    )
    urls, skipped = read(path)
    assert urls == ["2-a", "4-a"]
    assert [s.where for s in skipped] == [f"{path}@{offsets[1]}", f"{path}@{offsets[3]}"]
    assert all("Content-Length" in s.reason for s in skipped)


def test_wrong_length_in_an_uncompressed_file(tmp_path: Path) -> None:
    members = [warcinfo(), response(1), response(2), response(3)]
    plain = [gzip.decompress(m) for m in members]
    plain[2] = plain[2].replace(b"Content-Length: ", b"Content-Length: 1", 1)
    path = tmp_path / "a.warc"
    offsets = write(path, *plain)
    urls, skipped = read(path)
    assert urls == ["1-a", "3-a"]
    assert [s.where for s in skipped] == [f"{path}@{offsets[2]}"]


def test_non_html_payload_at_an_article_url(tmp_path: Path) -> None:
    path = tmp_path / "a.warc.gz"
    offsets = write(path, warcinfo(), response(1, b"%PDF-1.4 ...", "application/pdf"), response(2))
    urls, skipped = read(path)
    assert urls == ["2-a"]
    assert [s.where for s in skipped] == [f"{path}@{offsets[1]}"]
    assert skipped[0].reason.startswith("non-HTML payload (application/pdf)")


def test_revisit_and_unknown_record_types(tmp_path: Path) -> None:
    path = tmp_path / "a.warc.gz"
    offsets = write(
        path, warcinfo(), response(1, kind="revisit"), response(2, kind="x-annotation"), response(3)
    )
    urls, skipped = read(path)
    assert urls == ["3-a"]
    assert [s.where for s in skipped] == [f"{path}@{offsets[1]}", f"{path}@{offsets[2]}"]
    assert skipped[0].reason.startswith("revisit record")
    assert skipped[1].reason == "unknown record type 'x-annotation'"


def test_payload_failing_its_digest(tmp_path: Path) -> None:
    path = tmp_path / "a.warc.gz"
    tampered = regzip(
        response(1), lambda data: data.replace("Текст 1".encode(), "Текст 9".encode())
    )
    write(path, warcinfo(), tampered, response(2))
    urls, skipped = read(path)
    assert urls == ["2-a"]
    assert skipped[0].reason.startswith("payload digest mismatch")


def test_a_warcio_written_archive_with_a_gzipped_payload(tmp_path: Path) -> None:
    """Archives from other tools read too: warcio's writer, Content-Encoding undone."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    writer.write_record(writer.create_warcinfo_record("w.warc.gz", {"newscrawl-site": "expertkz"}))
    body = gzip.compress(page_html(7))
    headers = StatusAndHeaders(
        "200 OK", [("Content-Type", HTML), ("Content-Encoding", "gzip")], protocol="HTTP/1.1"
    )
    writer.write_record(
        writer.create_warc_record(
            f"{BASE}7-a", "response", payload=io.BytesIO(body), http_headers=headers
        )
    )
    path = tmp_path / "w.warc.gz"
    path.write_bytes(out.getvalue())
    pages = list(archived_pages(path))
    assert [(p.url, p.body, p.encoding) for p in pages] == [(f"{BASE}7-a", page_html(7), "utf-8")]


def test_records_that_are_not_article_pages_are_counted_not_reported(tmp_path: Path) -> None:
    listing = warc_record(
        1,
        [("WARC-Type", "response"), ("WARC-Target-URI", "https://expert-kz.com/novosti")],
        "application/http; msgtype=response",
        http_head("HTTP/1.1 200 OK", [(b"Content-Type", HTML.encode())]),
        page_html(0),
    )[0]
    path = tmp_path / "a.warc.gz"
    write(path, warcinfo(), listing, response(1))
    passed: Counter[str] = Counter()
    pages = list(archived_pages(path, passed=passed))
    assert [type(p) for p in pages] == [ArchivedPage]
    assert passed == {"warcinfo": 1, "not an article page": 1}
