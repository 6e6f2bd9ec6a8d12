"""Stage 5: the content fingerprint, over the final normalized title and body.

Equal content gives an equal fingerprint across runs and machines, so downstream
systems (and the incremental state) can tell a revised article from a re-crawl.
"""

from __future__ import annotations

import hashlib

from newscrawl.items import Article
from newscrawl.pipelines.base import Stage


def content_fingerprint(title: str, body: list[str]) -> str:
    """SHA-256 of the title and paragraphs, newline-separated, UTF-8."""
    digest = hashlib.sha256(title.encode())
    for paragraph in body:
        digest.update(b"\n")
        digest.update(paragraph.encode())
    return digest.hexdigest()


class FingerprintPipeline(Stage):
    def process_item(self, item: Article) -> Article:
        item.fingerprint = content_fingerprint(item.title, item.body)
        return item
