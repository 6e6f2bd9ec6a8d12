"""``newscrawl extract``: saved pages through the crawl's parser and text stages, offline."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from newscrawl.cli.extract import main
from newscrawl.items import FEED_FIELDS
from newscrawl.replica.model import PROMO_LINE
from tests.test_seed_article import SEED_BODY, SEED_TITLE, URL

GOLDEN = Path(__file__).parent / "golden"
PAGES = ("seed", "br_paragraphs", "kazakh", "windows_1251")


def _golden(name: str) -> dict[str, Any]:
    return json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))["article"]


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[dict], list[str]]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, [json.loads(line) for line in out.splitlines()], err.splitlines()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    pages = tmp_path / "pages"
    (pages / "sub").mkdir(parents=True)
    for name in PAGES[:2]:
        shutil.copy(GOLDEN / f"{name}.html", pages / f"{name}.html")
    for name in PAGES[2:]:
        shutil.copy(GOLDEN / f"{name}.html", pages / "sub" / f"{name}.html")
    (pages / "sub" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    return pages


def test_a_folder_gives_one_record_per_page_through_the_text_stages(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, records, err = _run(capsys, "--site", "expertkz", str(folder))
    assert status == 0, err
    assert [r["title"] for r in records] == [
        _golden(name)["title"] for name in ("br_paragraphs", "seed", "kazakh", "windows_1251")
    ]
    assert all(list(r) == list(FEED_FIELDS) for r in records)
    seed = records[1]
    # the crawl's stages ran: furniture and repeats gone; one page teaches no site furniture
    assert seed["body"] == [*SEED_BODY, PROMO_LINE]
    assert seed["title"] == SEED_TITLE
    assert seed["published"] == "2024-11-27T10:15:00+05:00"
    assert len(seed["fingerprint"]) == 64
    assert records[3]["language"] == "ru" and "�" not in "".join(records[3]["body"])
    assert err[-1] == (
        "newscrawl extract: 4 read, 4 written, "
        "1 files in folders not read (no reader for their type)"
    )


def test_url_names_the_single_page(capsys: pytest.CaptureFixture[str]) -> None:
    status, [record], _ = _run(capsys, "--url", URL, str(GOLDEN / "seed.html"))
    assert status == 0
    assert record["url"] == URL and record["article_id"] == "193315"  # profile by host
    assert record["images"][0]["url"].startswith("https://expert-kz.com/media/k2/")


def test_unknown_host_takes_the_generic_path(capsys: pytest.CaptureFixture[str]) -> None:
    page = str(GOLDEN / "k2_markup_gone.html")
    status, [record], _ = _run(capsys, "--url", "https://news.example.org/a/1", page)
    assert status == 0
    # the redesign kept only K2's full text: the lead is in no element of the page
    assert record["body"][:6] == SEED_BODY[1:]
    assert record["article_id"] == ""  # no profile, no id pattern


def _manifest(tmp_path: Path, entries: list[dict[str, Any] | str]) -> Path:
    manifest = tmp_path / "manifest.jsonl"
    lines = [e if isinstance(e, str) else json.dumps(e) for e in entries]
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return manifest


def _bad_inputs(tmp_path: Path) -> list[dict[str, Any] | str]:
    (tmp_path / "binary.html").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "notes.html").write_text("a shopping list, not a page\n", encoding="utf-8")
    cp1251 = str(GOLDEN / "windows_1251.html")
    return [
        {"id": "missing", "html_path": "nowhere.html", "url": URL},
        {"id": "binary", "html_path": "binary.html", "url": URL},
        {"id": "text", "html_path": "notes.html", "url": URL},
        {"id": "klingon", "html_path": cp1251, "url": URL, "encoding": "x-klingon"},
        {"id": "wrong-charset", "html_path": cp1251, "url": URL, "encoding": "utf-8"},
        "{not json",
    ]


def test_manifest_gives_one_line_per_input_line_with_its_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = _manifest(
        tmp_path,
        [
            {"id": "seed", "html_path": str(GOLDEN / "seed.html"), "url": URL},
            {"id": 7, "html_path": str(GOLDEN / "metadata_only_generic.html"), "url": URL},
            {"id": "cp1251", "html_path": str(GOLDEN / "windows_1251.html"), "url": URL},
            *_bad_inputs(tmp_path),
        ],
    )
    status, records, err = _run(capsys, "--manifest", str(manifest))
    assert status == 1  # something was skipped
    ids = ["seed", "7", "cp1251", "missing", "binary", "text", "klingon", "wrong-charset", ""]
    assert [r["id"] for r in records] == ids
    assert all(list(r) == ["id", *FEED_FIELDS, "sources", "problems"] for r in records)
    assert records[0]["sources"]["body"] == "profile"
    assert records[0]["problems"] == [] and records[0]["body"][:7] == SEED_BODY
    assert records[1]["problems"] == ["missing_published"]
    assert records[1]["published"] is None and records[1]["body"]
    assert records[2]["problems"] == [] and records[2]["title"] == _golden("windows_1251")["title"]
    problems = {r["id"]: r["problems"] for r in records[3:]}
    assert problems == {
        "missing": ["no such file or directory"],
        "binary": ["binary file, not a page"],
        "text": ["not HTML (no HTML tag in it)"],
        "klingon": ["unknown encoding 'x-klingon'"],
        "wrong-charset": [problems["wrong-charset"][0]],
        "": ["not a JSON object"],
    }
    assert problems["wrong-charset"][0].startswith("not decodable as utf-8")
    assert all(r["title"] is None for r in records[3:])
    skipped = [line for line in err if ": skipped: " in line]
    assert len(skipped) == 6
    assert skipped[0].startswith(f"newscrawl extract: {tmp_path / 'nowhere.html'}: skipped")
    assert skipped[-1].startswith(f"newscrawl extract: {manifest}:9: skipped")
    assert err[-1] == "newscrawl extract: 9 read, 3 written, 6 skipped"


def test_paths_skip_bad_input_and_drop_what_the_feed_would(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _bad_inputs(tmp_path)
    argv = [str(tmp_path / n) for n in ("nowhere.html", "binary.html", "notes.html")]
    argv += [str(GOLDEN / "metadata_only_generic.html"), str(GOLDEN / "seed.html")]
    status, records, err = _run(capsys, "--site", "expertkz", *argv)
    assert status == 1
    assert [r["title"] for r in records] == [SEED_TITLE]
    assert err[:4] == [
        f"newscrawl extract: {tmp_path / 'nowhere.html'}: skipped: no such file or directory",
        f"newscrawl extract: {tmp_path / 'binary.html'}: skipped: binary file, not a page",
        f"newscrawl extract: {tmp_path / 'notes.html'}: skipped: not HTML (no HTML tag in it)",
        f"newscrawl extract: {GOLDEN / 'metadata_only_generic.html'}: dropped: missing_published",
    ]
    assert err[-1] == "newscrawl extract: 5 read, 1 written, 3 skipped, 1 dropped"


def test_two_workers_write_what_one_does(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert main(["--site", "expertkz", "-o", str(one), str(folder)]) == 0
    assert main(["--site", "expertkz", "-j", "2", "-o", str(two), str(folder)]) == 0
    capsys.readouterr()

    def without_time(path: Path) -> list[dict[str, Any]]:
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        return [{k: v for k, v in r.items() if k != "crawled_at"} for r in rows]

    assert len(without_time(two)) == len(PAGES)
    assert without_time(two) == without_time(one)


def test_bad_arguments_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    page = str(GOLDEN / "seed.html")
    assert main([]) == 2
    assert main(["--url", URL, page, page]) == 2
    assert main(["--site", "nosuchsite", page]) == 2
    assert main(["--manifest", "m.jsonl", page]) == 2
    assert main(["-j", "0", page]) == 2
    capsys.readouterr()


def test_console_entry_points_reach_the_command() -> None:
    """``python -m newscrawl extract`` (what the ``newscrawl`` script runs), from the
    checkout's root so that this checkout's package is the one run."""
    done = subprocess.run(
        [sys.executable, "-m", "newscrawl", "extract", "--site", "expertkz", str(GOLDEN)],
        capture_output=True,
        text=True,
        cwd=GOLDEN.parent.parent,
        check=False,
    )
    assert done.returncode == 1, done.stderr  # one golden page has no date: dropped
    assert len(done.stdout.splitlines()) == len(list(GOLDEN.rglob("*.html"))) - 1
    assert "metadata_only_generic.html: dropped: missing_published" in done.stderr
