"""The article's words: its title, its body and its summary.

Each field's chain tries the profile's markup, then JSON-LD, then OpenGraph or
<meta>, then what the page shows (the generic path). Metadata titles carry the
site's name glued on ("Headline | Site"), so they are cleaned against the page's
own headings; JSON-LD ``articleBody`` counts only where the page's text agrees.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from newscrawl.extraction.chains import PROFILE, first
from newscrawl.extraction.page import Page
from newscrawl.extraction.titles import headline


def title_field(page: Page, sources: dict[str, str]) -> str | None:
    return first(
        "title",
        [
            (PROFILE, lambda: _profile_title(page)),
            ("jsonld", lambda: page.ld_text("headline")),
            ("og", lambda: _cleaned_title(page, page.meta("og:title", "twitter:title"))),
            ("generic", lambda: _generic_title(page)),
        ],
        sources,
    )


def body_field(page: Page, sources: dict[str, str]) -> list[str] | None:
    return first(
        "body",
        [
            (PROFILE, lambda: _profile_body(page)),
            ("jsonld", lambda: page.content().ld_body),
            ("generic", lambda: page.content().paragraphs),
        ],
        sources,
    )


def summary_field(page: Page, sources: dict[str, str]) -> str | None:
    return first(
        "summary",
        [
            (PROFILE, lambda: _profile_intro(page)),
            ("jsonld", lambda: page.ld_text("description")),
            ("meta", lambda: page.meta("og:description", "description")),
        ],
        sources,
    )


def _profile_title(page: Page) -> str | None:
    css = page.css
    return page.profile_text(css and css.title, css and css.title_noise)


def _profile_body(page: Page) -> list[str]:
    if page.css is None:
        return []
    noise = page.css.body_noise
    return [
        paragraph
        for container in page.select_any(page.css.intro, page.css.fulltext)
        for paragraph in page.paragraphs(container, noise)
    ]


def _profile_intro(page: Page) -> str | None:
    css = page.css
    return page.profile_text(css and css.intro, css and css.body_noise)


def _headings(page: Page) -> list[str]:
    return [t for t in (page.joined([h]) for h in page.select("h1, h2")[:12]) if t]


def _cleaned_title(page: Page, value: str | None) -> str | None:
    """A metadata or <title> value without the site's name glued to it."""
    host = urlsplit(page.url).hostname or ""
    return headline(value, _headings(page), page.meta("og:site_name"), host)


def _generic_title(page: Page) -> str | None:
    """The heading the <title> also carries, else the <title> without the site's
    name, else the first <h1>."""
    title = page.joined(page.select("title"))
    return _cleaned_title(page, title) or page.joined(page.select("h1")[:1])
