"""Paragraph deduplication within one article."""

from hypothesis import given
from hypothesis import strategies as st

from newscrawl.pipelines.dedup import _EDGE_PUNCT, Dropped, deduplicate, paragraph_key
from newscrawl.pipelines.normalize import normalize_text

TITLE = 'Алматы может получить статус "Всемирного города ремесленников"'
LEAD = (
    "С 2022 года Тараз первым из городов Казахстана получил статус "
    '"Всемирного города ремесленников".'
)


def test_repeated_lead_and_title_echo_dropped() -> None:
    body = [TITLE, LEAD, "Второй абзац.", "Третий абзац.", LEAD]
    kept, dropped = deduplicate(body, TITLE)
    assert kept == [LEAD, "Второй абзац.", "Третий абзац."]
    assert dropped == [Dropped(TITLE, "title_echo"), Dropped(LEAD, "duplicate", 0)]


def test_case_and_edge_punctuation_do_not_make_a_new_paragraph() -> None:
    kept, _ = deduplicate(["Текст абзаца.", "текст абзаца", "«Текст абзаца»"], "Заголовок")
    assert kept == ["Текст абзаца."]


def test_paragraph_containing_a_shorter_one_is_kept() -> None:
    body = [LEAD, f"Напомним: {LEAD} Это важно."]
    kept, dropped = deduplicate(body, TITLE)
    assert kept == body and dropped == []


def test_key_ignores_edges_only() -> None:
    assert paragraph_key("  «Да, это так!» ") == paragraph_key("да, это так")
    assert paragraph_key("да, это так") != paragraph_key("да это так")


paragraphs = st.lists(st.text(min_size=1).map(normalize_text).filter(bool), max_size=12)


@given(paragraphs, st.text())
def test_output_is_an_ordered_subsequence(body: list[str], title: str) -> None:
    kept, dropped = deduplicate(body, title)
    iterator = iter(body)
    assert all(paragraph in iterator for paragraph in kept)  # ordered subsequence
    assert len(kept) + len(dropped) == len(body)


@given(paragraphs, st.text())
def test_idempotent(body: list[str], title: str) -> None:
    kept, _ = deduplicate(body, title)
    assert deduplicate(kept, title)[0] == kept


@given(paragraphs)
def test_distinct_paragraphs_pass_unchanged(body: list[str]) -> None:
    keys = [paragraph_key(p) for p in body]
    if len(set(keys)) == len(keys) and "" not in keys:
        assert deduplicate(body, "\x00 заголовок, которого нет в тексте")[0] == body


@given(paragraphs, st.text())
def test_every_paragraph_survives_once(body: list[str], title: str) -> None:
    kept, _ = deduplicate(body, title)
    kept_keys = {paragraph_key(p) for p in kept}
    for paragraph in body:
        key = paragraph_key(paragraph)
        if key != paragraph_key(title) or not key:
            assert key in kept_keys


@given(st.text())
def test_key_trims_edges_exactly_as_the_reference_regex(text: str) -> None:
    collapsed = " ".join(text.casefold().split())
    assert paragraph_key(text) == _EDGE_PUNCT.sub("", collapsed)
