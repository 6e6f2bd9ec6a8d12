"""Text normalization: examples from the site, and properties over any text."""

import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from newscrawl.pipelines.normalize import (
    _INVISIBLE,
    normalize_list,
    normalize_text,
)


def test_space_before_punctuation_removed_as_in_the_seed() -> None:
    assert (
        normalize_text("развития ремесленничества , укрепления сотрудничества")
        == "развития ремесленничества, укрепления сотрудничества"
    )
    assert normalize_text("мастеров и художников .") == "мастеров и художников."
    assert normalize_text("Что ? Где ! Когда ; так : вот") == "Что? Где! Когда; так: вот"


def test_invisible_and_exotic_spaces() -> None:
    assert normalize_text("ре\u00adмес\u00adло") == "ремесло"
    assert normalize_text("250\u00a0талантливых\u2009мастеров\u202fи\u200bвсе") == (
        "250 талантливых мастеров ивсе"
    )
    assert normalize_text("\ufeff  текст \n\t ещё  ") == "текст ещё"


def test_quotes_and_dashes_are_kept() -> None:
    text = '«Ёлка» – это "ель" — и точка'
    assert normalize_text(text) == text


def test_nfc() -> None:
    assert normalize_text("и\u0306") == "й"  # decomposed й becomes one code point


def test_list_normalization_drops_empties_and_repeats() -> None:
    assert normalize_list([" Алматы ", "Алматы", "\u00a0", "туризм"]) == ["Алматы", "туризм"]


@given(st.text())
def test_idempotent(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once


@given(st.text())
def test_no_edge_or_double_whitespace(text: str) -> None:
    out = normalize_text(text)
    assert out == out.strip()
    assert "  " not in out
    assert not any(ch in out for ch in "\u00ad\u200b\u00a0\ufeff")


#: the definition: any run of whitespace before the punctuation goes
SPACE_BEFORE_PUNCT_DEFINITION = re.compile(r"\s+([,.;:!?])")


@given(st.text(alphabet=st.sampled_from("аб ,.\u00ad\u200b\u200c\u200d\u2060\ufeff\u00a0и\u0306")))
def test_invisible_characters_skip_matches_translating_always(text: str) -> None:
    reference = unicodedata.normalize("NFC", text.translate(_INVISIBLE))
    reference = SPACE_BEFORE_PUNCT_DEFINITION.sub(r"\1", " ".join(reference.split()))
    assert normalize_text(text) == reference


@given(st.text(alphabet=st.sampled_from("аб ,.;:!?\t\n\u00a0\u2009\u3000")))
def test_space_before_punctuation_as_defined(text: str) -> None:
    """The fast lookahead form removes exactly what the definition removes."""
    reference = SPACE_BEFORE_PUNCT_DEFINITION.sub(r"\1", " ".join(text.split()))
    assert normalize_text(text) == reference
