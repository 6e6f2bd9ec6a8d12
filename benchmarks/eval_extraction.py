"""Extraction quality on real third-party pages: ``newscrawl extract`` vs. trafilatura
and readability-lxml.

Reads the labelled pages of ``shared/eval`` (``manifest.jsonl``) by path; nothing of them
is copied into the repository, and the JSON written holds figures only. Ours is exactly
what a user gets: the script writes a manifest of the pages (``html_path``, the manifest
``url`` or none, the encoding the files are stored in) and runs
``python -m newscrawl extract --manifest ... -j N`` once, which parses each page with the
crawl's parser and runs the crawl's text stages (normalize, deduplicate, furniture,
fingerprint; the site-furniture learner needs a crawl's worth of pages of one site). No
page's host has a profile, so every field comes from metadata and the generic path.
``trafilatura.bare_extraction`` and ``readability.Document`` run on the same decoded text
as the references.

Metrics (all per page, then averaged over the pages that carry the label):

* **title exact**: the title equals the label after NFC, quote removal (every ASCII,
  typographic and guillemet quote) and whitespace collapsing. Case is kept.
* **body P/R/F1**: bag of words. Both texts are casefolded and split into ``\\w+`` tokens;
  the overlap is the multiset intersection; P = overlap / extracted tokens, R = overlap /
  label tokens. An empty extraction scores 0 (not undefined). Trafilatura's benchmark
  scores snippets rather than tokens, but in the same spirit: words of the article that
  came out (recall) and words that should not have (precision). The tables show the mean
  of per-page figures (macro average), so every page weighs the same.
* **snippets** (trafilatura corpus only, which has no full body label): share of the
  ``with`` snippets found in the extracted body and of the ``without`` (boilerplate)
  snippets found there; both matched casefolded with whitespace collapsed.
* **date**: the published date falls on the labelled calendar day. When both carry a UTC
  offset ours is first moved into the label's offset; otherwise the written dates compare.
  readability-lxml finds no dates.
* **sources**: which link of our field chain produced title, body and published date.

Run ``python -m benchmarks.eval_extraction [--eval-dir DIR] [--json PATH] [-j N]`` from
the root.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from statistics import mean
from typing import Any

from scrapy.http import HtmlResponse

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ("fundus", "trafilatura", "daniel")
_QUOTES = dict.fromkeys(map(ord, "\"'«»„“”‘’‚‹›`´"))
_WORD = re.compile(r"\w+")


# -- metrics (pure; tests/test_eval_metrics.py) ---------------------------------------------
def tokens(text: str) -> list[str]:
    """Casefolded ``\\w+`` words of ``text``."""
    return _WORD.findall(text.casefold())


def prf(extracted: str, label: str) -> tuple[float, float, float]:
    """Bag-of-words precision, recall and F1 of ``extracted`` against ``label``."""
    got, want = Counter(tokens(extracted)), Counter(tokens(label))
    overlap = sum((got & want).values())
    if not overlap:
        return 0.0, 0.0, 0.0
    precision, recall = overlap / sum(got.values()), overlap / sum(want.values())
    return precision, recall, 2 * precision * recall / (precision + recall)


def normalize_title(text: str) -> str:
    """NFC, quotes removed, whitespace collapsed: what "the same title" ignores."""
    return " ".join(unicodedata.normalize("NFC", text).translate(_QUOTES).split())


def title_match(extracted: str | None, label: str) -> bool:
    return normalize_title(extracted or "") == normalize_title(label)


def same_day(extracted: str | None, label: str) -> bool:
    """Whether the ISO date ``extracted`` falls on the labelled calendar day."""
    if not extracted:
        return False
    try:
        ours, theirs = datetime.fromisoformat(extracted), datetime.fromisoformat(label)
    except ValueError:
        return extracted[:10] == label[:10]
    if ours.tzinfo is not None and theirs.tzinfo is not None:
        ours = ours.astimezone(theirs.tzinfo)
    return ours.date() == theirs.date()


def snippet_share(text: str, snippets: Sequence[str]) -> float | None:
    """Share of ``snippets`` contained in ``text`` (casefolded, whitespace collapsed)."""
    if not snippets:
        return None
    haystack = " ".join(text.casefold().split())
    return sum(" ".join(s.casefold().split()) in haystack for s in snippets) / len(snippets)


def k2_markup(html: str) -> str | None:
    """``"item"`` when K2's item template rendered the page (``itemFullText`` /
    ``k2Container``), ``"assets"`` when only K2's CSS/JS is loaded (K2 installed, the
    article rendered by another component), else None."""
    if "itemFullText" in html or "k2Container" in html:
        return "item"
    return "assets" if "com_k2" in html or "/media/k2/" in html else None


# -- extractors -----------------------------------------------------------------------------
@dataclass
class Extraction:
    title: str | None
    body: str
    date: str | None
    sources: dict[str, str] = field(default_factory=dict)
    #: False for an extractor that never looks for a date (its date column is "-")
    finds_dates: bool = True


def ours(eval_dir: Path, rows: list[dict[str, Any]], jobs: int) -> dict[str, Extraction]:
    """Every page through ``newscrawl extract --manifest``, in one run; by file."""
    with tempfile.TemporaryDirectory() as scratch:
        manifest, output = Path(scratch) / "manifest.jsonl", Path(scratch) / "out.jsonl"
        with manifest.open("w", encoding="utf-8") as lines:
            for row in rows:
                entry = {
                    "id": row["file"],
                    "html_path": str((eval_dir / row["file"]).resolve()),
                    "url": row["url"],
                    "encoding": row.get("html_encoding") or "utf-8",
                }
                lines.write(json.dumps(entry, ensure_ascii=False) + "\n")
        command = [sys.executable, "-m", "newscrawl", "extract", "--manifest", str(manifest)]
        command += ["-o", str(output), "-j", str(jobs)]
        subprocess.run(command, cwd=ROOT, check=False, stderr=subprocess.DEVNULL)
        records = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    return {
        r["id"]: Extraction(
            r["title"], "\n".join(r["body"] or []), r["published"], r.get("sources", {})
        )
        for r in records
    }


def trafilatura_extraction(response: HtmlResponse) -> Extraction:
    """trafilatura with its defaults (comments excluded), on the same decoded text."""
    import trafilatura

    doc = trafilatura.bare_extraction(
        response.text, url=response.url, with_metadata=True, include_comments=False
    )
    if doc is None:
        return Extraction(None, "", None)
    return Extraction(doc.title, doc.text or "", doc.date)


def readability_extraction(response: HtmlResponse) -> Extraction:
    """readability-lxml with its defaults: the summary's text, split as our paragraphs are
    (blocks and <br><br>), and its short title; it finds no date."""
    import lxml.html
    from readability import Document

    from newscrawl.extraction.paragraphs import paragraphs_of

    try:
        document = Document(response.text, url=response.url)
        summary = document.summary(html_partial=True)
        title = document.short_title()
    except Exception:  # readability raises its own Unparseable and lxml errors alike
        return Extraction(None, "", None, finds_dates=False)
    body = paragraphs_of(lxml.html.fromstring(summary)) if summary.strip() else []
    text = "\n".join(p.strip() for p in body if p.strip())
    return Extraction(title, text, None, finds_dates=False)


def response_for(row: dict[str, Any], eval_dir: Path) -> HtmlResponse:
    path = eval_dir / row["file"]
    url = row["url"] or path.resolve().as_uri()
    return HtmlResponse(url, body=path.read_bytes(), encoding=row.get("html_encoding") or "utf-8")


# -- evaluation -----------------------------------------------------------------------------
def score(extraction: Extraction, row: dict[str, Any]) -> dict[str, Any]:
    """The figures of one extraction of one page (``None`` where there is no label)."""
    labels = set(row["gt_fields"])
    out: dict[str, Any] = {"title": None, "p": None, "r": None, "f1": None, "date": None}
    if "title" in labels and row["title"]:
        out["title"] = title_match(extraction.title, row["title"])
    if "body" in labels and row["body"]:
        out["p"], out["r"], out["f1"] = prf(extraction.body, row["body"])
    if "date" in labels and row["date"] and extraction.finds_dates:
        out["date"] = same_day(extraction.date, row["date"])
    if "with" in labels:
        out["with"] = snippet_share(extraction.body, row.get("with") or [])
        out["without"] = snippet_share(extraction.body, row.get("without") or [])
    return out


EXTRACTORS = ("ours", "trafilatura", "readability")


def evaluate(eval_dir: Path, jobs: int) -> tuple[list[dict[str, Any]], dict[str, float]]:
    """Per-page figures of every extractor, and each one's CPU seconds for the set."""
    rows = [json.loads(line) for line in (eval_dir / "manifest.jsonl").open(encoding="utf-8")]
    started = time.perf_counter()
    mine = ours(eval_dir, rows, jobs)
    seconds = {"ours": time.perf_counter() - started}
    references: dict[str, dict[str, Extraction]] = {"trafilatura": {}, "readability": {}}
    for name, extract in (
        ("trafilatura", trafilatura_extraction),
        ("readability", readability_extraction),
    ):
        started = time.process_time()
        for row in rows:
            references[name][row["file"]] = extract(response_for(row, eval_dir))
        seconds[name] = time.process_time() - started
    records = []
    for row in rows:
        file = row["file"]
        html = (eval_dir / file).read_text(encoding="utf-8", errors="replace")
        extractions = {"ours": mine[file], **{n: references[n][file] for n in references}}
        records.append(
            {
                "file": file,
                "corpus": file.split("/", 1)[0],
                "k2": k2_markup(html),
                "sources": extractions["ours"].sources,
                **{name: score(extractions[name], row) for name in EXTRACTORS},
            }
        )
    return records, seconds


def _mean(values: Iterable[Any]) -> float | None:
    present = [float(v) for v in values if v is not None]
    return round(mean(present), 3) if present else None


def summarize(records: list[dict[str, Any]]) -> dict[str, Any]:
    """Mean figures per extractor, label counts and our source counts."""
    summary: dict[str, Any] = {"pages": len(records)}
    for who in EXTRACTORS:
        scores = [r[who] for r in records]
        summary[who] = {m: _mean(s.get(m) for s in scores) for m in _METRICS}
    summary["labelled"] = {
        m: sum(r["ours"].get(m) is not None for r in records) for m in ("title", "f1", "date")
    }
    summary["sources"] = {
        f: dict(Counter(r["sources"].get(f, "?") for r in records).most_common())
        for f in ("title", "body", "published")
    }
    return summary


_METRICS = ("title", "p", "r", "f1", "date", "with", "without")


def table(summaries: dict[str, dict[str, Any]]) -> str:
    """Markdown: one row per corpus and extractor."""
    head = "| corpus | pages | extractor | title exact | body P | body R | body F1 | date |"
    head += " with | without |"
    lines = [head, "|" + "---|" * 10]
    for corpus, s in summaries.items():
        for who in EXTRACTORS:
            cells = ["-" if s[who][m] is None else f"{s[who][m]:.3f}" for m in _METRICS]
            lines.append(f"| {corpus} | {s['pages']} | {who} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "eval_results.json")
    parser.add_argument("-j", "--jobs", type=int, default=2, help="extract worker processes")
    args = parser.parse_args(argv)
    records, seconds = evaluate(args.eval_dir, args.jobs)
    groups = {c: [r for r in records if r["corpus"] == c] for c in CORPORA}
    summaries = {c: summarize(rs) for c, rs in {**groups, "all": records}.items()}
    k2_pages = [  # every page with K2 traces, whatever its corpus
        {k: r[k] for k in ("file", "k2", "sources", *EXTRACTORS)} for r in records if r["k2"]
    ]
    print(table(summaries))
    for corpus, s in summaries.items():
        print(f"{corpus}: labelled {s['labelled']}; our sources {s['sources']}")
    for page in k2_pages:
        print(f"K2 ({page['k2']}): {json.dumps(page, ensure_ascii=False)}")
    print(
        "seconds for the set: ours (newscrawl extract, wall, -j "
        f"{args.jobs}, process start included) {seconds['ours']:.1f}; "
        f"trafilatura (CPU) {seconds['trafilatura']:.1f}; "
        f"readability (CPU) {seconds['readability']:.1f}"
    )
    per_page = [
        {k: r[k] for k in ("file", "corpus", "k2", "sources", *EXTRACTORS)} for r in records
    ]
    results = {"summaries": summaries, "k2_pages": k2_pages, "pages": per_page}
    args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
