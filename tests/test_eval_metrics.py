"""The metrics of benchmarks/eval_extraction.py on hand-written strings (no eval pages needed)."""

from __future__ import annotations

import pytest

from benchmarks.eval_extraction import (
    k2_markup,
    normalize_title,
    prf,
    same_day,
    snippet_share,
    title_match,
    tokens,
)


def test_tokens_are_casefolded_words() -> None:
    assert tokens("Алматы, АЛМАТЫ — Straße!") == ["алматы", "алматы", "strasse"]


def test_prf_is_a_bag_of_words() -> None:
    assert prf("b a", "a b") == (1.0, 1.0, 1.0)
    # 2 of 4 extracted tokens are right; 2 of 2 label tokens found
    precision, recall, f1 = prf("a b menu footer", "a b")
    assert (precision, recall) == (0.5, 1.0)
    assert f1 == pytest.approx(2 / 3)
    # multiset: a repeated word counts only as often as the label has it
    assert prf("a a", "a b")[:2] == (0.5, 0.5)


def test_prf_of_nothing_is_zero() -> None:
    assert prf("", "a b") == (0.0, 0.0, 0.0)
    assert prf("x y", "a b") == (0.0, 0.0, 0.0)


def test_title_match_ignores_quotes_and_spacing_not_case() -> None:
    assert normalize_title(' «Всемирный  город»\u00a0"ремесленников" ') == (
        "Всемирный город ремесленников"
    )
    assert title_match("Алматы \u201cгород\u201d", "Алматы «город»")
    assert not title_match("алматы", "Алматы")
    assert not title_match(None, "Алматы")


def test_same_day_moves_into_the_labels_offset() -> None:
    # 01:30 in Almaty (+05:00) is still the previous day in UTC
    assert same_day("2024-05-04T01:30:00+05:00", "2024-05-03T12:00:00+00:00")
    assert not same_day("2024-05-04T01:30:00+05:00", "2024-05-04T12:00:00+00:00")
    assert same_day("2024-05-03", "2024-05-03T23:00:00+02:00")
    assert not same_day(None, "2024-05-03")


def test_snippet_share() -> None:
    text = "Woher  kommt eigentlich\nder Hass?"
    assert snippet_share(text, ["woher kommt eigentlich der", "Impressum"]) == 0.5
    assert snippet_share(text, []) is None


def test_k2_markup() -> None:
    assert k2_markup('<div id="k2Container"><div class="itemFullText">') == "item"
    assert k2_markup('<link href="/components/com_k2/css/k2.css">') == "assets"
    assert k2_markup("<p>plain</p>") is None
