"""Rewrite the golden pages and their expected parser output.

    python tests/golden/regenerate.py

Pages are rendered by the bundled replica (plus two variants with the K2 markup, and
then all structured metadata, stripped, to pin the fallback paths, and the seed page
after a redesign that renamed K2's classes). The pages in ``generic/`` are written by
hand for this project, one per class of page the generic path once failed on (text in
<br> runs, comments and teasers beside the story, no article container, the body only
whole in JSON-LD, a lead in its own block); only their .json files are rewritten. Run it only when
the replica or the parser changes on purpose, and read the diff of the .json files:
that diff *is* the behaviour change.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from dataclasses import replace  # noqa: E402

from newscrawl.replica.content import CASES, DEFAULT_SITE  # noqa: E402
from newscrawl.replica.router import Request, dispatch  # noqa: E402
from tests.golden_support import BASE_URL, GOLDEN_CASES, golden_output  # noqa: E402


def render(item_id: int, site=DEFAULT_SITE) -> bytes:  # type: ignore[no-untyped-def]
    path = site.article(item_id).path
    response = dispatch(site, Request("GET", path, base_url=BASE_URL, target=path))
    assert response.status == 200
    return response.body


def strip_k2(page: bytes) -> bytes:
    """The page as a redesign without K2's item layout would serve it."""
    text = page.decode("utf-8")
    start = text.index("<!-- Start K2 Item Layout -->")
    end = text.index("<!-- End K2 Item Layout -->")
    article_html = re.findall(r'<div class="itemFullText">(.*?)</div>', text[start:end], re.S)
    replacement = f"<article>{''.join(article_html)}</article>"
    return (text[:start] + replacement + text[end:]).encode("utf-8")


def strip_metadata(page: bytes) -> bytes:
    """...and without JSON-LD, OpenGraph, Twitter and description metadata either."""
    text = page.decode("utf-8")
    text = re.sub(r'<script type="application/ld\+json">.*?</script>', "", text, flags=re.S)
    text = re.sub(r"<meta (?:property|name)=\"(?:og:|twitter:|description)[^>]*>", "", text)
    return text.encode("utf-8")


def main() -> None:
    pages: dict[str, bytes] = {name: render(CASES[name]) for name in GOLDEN_CASES}
    pages["k2_markup_gone"] = strip_k2(render(CASES["seed"]))
    pages["metadata_only_generic"] = strip_metadata(pages["k2_markup_gone"])
    pages["renamed_classes"] = render(CASES["seed"], replace(DEFAULT_SITE, renamed_classes=True))
    for page in sorted((HERE / "generic").glob("*.html")):
        pages[f"generic/{page.stem}"] = page.read_bytes()
    for name, body in pages.items():
        (HERE / f"{name}.html").write_bytes(body)
        output = golden_output(name, body)
        (HERE / f"{name}.json").write_text(
            json.dumps(output, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        print(f"wrote {name}.html / {name}.json")


if __name__ == "__main__":
    main()
