"""Extraction quality on real third-party pages: our parser vs. trafilatura.

Reads the labelled pages of ``shared/eval`` (``manifest.jsonl``) by path; nothing of them
is copied into the repository, and the JSON written holds figures only. Each page becomes
an ``HtmlResponse`` (the manifest ``url``, or a ``file://`` stand-in when it has none) and
goes through ``parse_article(response, expertkz.PROFILE)`` followed by the pure text stages
of the item pipelines (``normalize_text``, ``deduplicate``, ``is_furniture``; the
site-furniture learner is left out: it needs a crawl's worth of pages of one site).
``trafilatura.bare_extraction`` runs on the same decoded text as the reference point.

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
* **sources**: which link of our field chain produced title, body and published date.

Run ``python -m benchmarks.eval_extraction [--eval-dir DIR] [--json PATH]`` from the root.
"""

from __future__ import annotations

import argparse
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from statistics import mean
from typing import Any

from scrapy.http import HtmlResponse

from newscrawl.extraction.article import parse_article
from newscrawl.pipelines.dedup import deduplicate
from newscrawl.pipelines.furniture import is_furniture
from newscrawl.pipelines.normalize import normalize_optional, normalize_text
from newscrawl.sites.expertkz import PROFILE

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


def ours(response: HtmlResponse) -> Extraction:
    """``parse_article`` and the pure text stages, in pipeline order."""
    result = parse_article(response, PROFILE)
    article = result.article
    title = normalize_text(article.title)
    body = [p for p in map(normalize_text, article.body) if p]
    body, _ = deduplicate(body, title, normalize_optional(article.summary))
    body = [p for p in body if not is_furniture(p, PROFILE)]
    sources = {k: result.sources.get(k, "?") for k in ("title", "body", "published")}
    return Extraction(title, "\n".join(body), article.published, sources)


def theirs(response: HtmlResponse) -> Extraction:
    """trafilatura with its defaults (comments excluded), on the same decoded text."""
    import trafilatura

    doc = trafilatura.bare_extraction(
        response.text, url=response.url, with_metadata=True, include_comments=False
    )
    if doc is None:
        return Extraction(None, "", None)
    return Extraction(doc.title, doc.text or "", doc.date)


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
    if "date" in labels and row["date"]:
        out["date"] = same_day(extraction.date, row["date"])
    if "with" in labels:
        out["with"] = snippet_share(extraction.body, row.get("with") or [])
        out["without"] = snippet_share(extraction.body, row.get("without") or [])
    return out


def evaluate(eval_dir: Path) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in (eval_dir / "manifest.jsonl").open(encoding="utf-8")]
    records = []
    for row in rows:
        response = response_for(row, eval_dir)
        mine, ref = ours(response), theirs(response)
        records.append(
            {
                "file": row["file"],
                "corpus": row["file"].split("/", 1)[0],
                "k2": k2_markup(response.text),
                "sources": mine.sources,
                "ours": score(mine, row),
                "trafilatura": score(ref, row),
            }
        )
    return records


def _mean(values: Iterable[Any]) -> float | None:
    present = [float(v) for v in values if v is not None]
    return round(mean(present), 3) if present else None


def summarize(records: list[dict[str, Any]]) -> dict[str, Any]:
    """Mean figures per extractor, label counts and our source counts."""
    summary: dict[str, Any] = {"pages": len(records)}
    for who in ("ours", "trafilatura"):
        scores = [r[who] for r in records]
        summary[who] = {m: _mean(s.get(m) for s in scores) for m in _METRICS}
    summary["labelled"] = {
        m: sum(r["ours"].get(m) is not None for r in records) for m in ("title", "f1", "date")
    }
    summary["sources"] = {
        f: dict(Counter(r["sources"][f] for r in records).most_common())
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
        for who in ("ours", "trafilatura"):
            cells = ["-" if s[who][m] is None else f"{s[who][m]:.3f}" for m in _METRICS]
            lines.append(f"| {corpus} | {s['pages']} | {who} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "eval_results.json")
    args = parser.parse_args(argv)
    records = evaluate(args.eval_dir)
    groups = {c: [r for r in records if r["corpus"] == c] for c in CORPORA}
    summaries = {c: summarize(rs) for c, rs in {**groups, "all": records}.items()}
    k2_pages = [  # every page with K2 traces, whatever its corpus
        {k: r[k] for k in ("file", "k2", "sources", "ours", "trafilatura")}
        for r in records
        if r["k2"]
    ]
    print(table(summaries))
    for corpus, s in summaries.items():
        print(f"{corpus}: labelled {s['labelled']}; our sources {s['sources']}")
    for page in k2_pages:
        print(f"K2 ({page['k2']}): {json.dumps(page, ensure_ascii=False)}")
    per_page = [
        {k: r[k] for k in ("file", "corpus", "k2", "sources", "ours", "trafilatura")}
        for r in records
    ]
    results = {"summaries": summaries, "k2_pages": k2_pages, "pages": per_page}
    args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
