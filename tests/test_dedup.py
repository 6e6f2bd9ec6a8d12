"""Paragraph deduplication within one article: exact and near repeats, echoes."""

import re

from hypothesis import given
from hypothesis import strategies as st

from newscrawl.pipelines.dedup import Dropped, deduplicate, paragraph_key
from newscrawl.pipelines.normalize import normalize_text
from newscrawl.similarity import (
    NEAR_DUPLICATE_MIN_WORDS,
    NEAR_DUPLICATE_SIMILARITY,
    contains_run,
    is_near_repeat,
    word_similarity,
    words,
)

TITLE = 'Алматы может получить статус "Всемирного города ремесленников"'
LEAD = (
    "С 2022 года Тараз первым из городов Казахстана получил статус "
    '"Всемирного города ремесленников".'
)
# 13 words; the replica's near-duplicate pair (article 188415)
RATE = (
    "Регулятор объяснил решение замедлением годовой инфляции, которая в сентябре "
    "опустилась до 12,1%."
)
RATE_AGAIN = (
    "«Регулятор» объяснил своё решение замедлением годовой инфляции — в сентябре "
    "она опустилась до 12,1%"
)
# 22 words as compared ("15,25" is two)
TWENTY = str.split(
    "Национальный банк Казахстана сохранил базовую ставку на уровне 15,25 процента "
    "годовых с коридором плюс минус один процентный пункт до следующего заседания"
)


def changed(text_words: list[str], how_many: int) -> str:
    """The words with the first ``how_many`` (from the 2nd, every 3rd) replaced."""
    out = list(text_words)
    for n in range(how_many):
        out[1 + 3 * n] = f"иное{n}"
    return " ".join(out)


def test_repeated_lead_and_title_echo_dropped() -> None:
    body = [TITLE, LEAD, "Второй абзац.", "Третий абзац.", LEAD]
    kept, dropped = deduplicate(body, TITLE)
    assert kept == [LEAD, "Второй абзац.", "Третий абзац."]
    assert dropped == [Dropped(TITLE, "title_echo", TITLE), Dropped(LEAD, "duplicate", LEAD)]


def test_repeated_lead_is_a_summary_echo_when_it_is_the_summary() -> None:
    body = [LEAD, "Второй абзац.", LEAD.upper()]
    kept, dropped = deduplicate(body, TITLE, summary=LEAD)
    assert kept == [LEAD, "Второй абзац."]  # the lead stays, once
    assert dropped == [Dropped(LEAD.upper(), "summary_echo", LEAD)]


def test_summary_not_in_the_body_drops_nothing() -> None:
    body = ["Первый абзац текста.", "Второй абзац текста."]
    assert deduplicate(body, TITLE, summary="Описание страницы, обрезанное на полусл")[0] == body


def test_case_and_edge_punctuation_do_not_make_a_new_paragraph() -> None:
    kept, _ = deduplicate(["Текст абзаца.", "текст абзаца", "«Текст абзаца»"], "Заголовок")
    assert kept == ["Текст абзаца."]


def test_title_echo_with_other_quotes_and_bold_text() -> None:
    # the parser gives <p><strong>title</strong></p> as the title's text
    echo = "Алматы может получить статус «Всемирного города ремесленников»"
    kept, dropped = deduplicate([echo, LEAD], TITLE)
    assert kept == [LEAD] and dropped[0].reason == "title_echo"


def test_lead_that_rephrases_the_title_is_not_an_echo() -> None:
    title = "В Астане утвердили новую схему движения общественного транспорта"
    lead = "В Астане утвердили новую схему маршрутов общественного транспорта."
    assert deduplicate([lead, "Второй абзац."], title)[0] == [lead, "Второй абзац."]


def test_near_duplicate_with_quotes_dashes_case_and_changed_words() -> None:
    body = [LEAD, RATE, "Следующее решение будет в ноябре.", RATE_AGAIN]
    kept, dropped = deduplicate(body, TITLE)
    assert kept == body[:3]
    assert dropped == [Dropped(RATE_AGAIN, "near_duplicate", RATE)]
    assert 0.85 <= word_similarity(words(RATE), words(RATE_AGAIN)) < 0.9


def test_threshold_three_of_22_words_changed_is_near_four_is_not() -> None:
    original = " ".join(TWENTY)
    assert is_near_repeat(words(original), words(changed(TWENTY, 3)))  # 0.864
    assert not is_near_repeat(words(original), words(changed(TWENTY, 4)))  # 0.818


def test_short_paragraph_with_one_word_changed_is_news_not_a_repeat() -> None:
    body = ["В Алматы ожидается дождь, ветер 15 м/с.", "В Астане ожидается дождь, ветер 15 м/с."]
    assert word_similarity(words(body[0]), words(body[1])) > 0.85
    assert deduplicate(body, "Погода")[0] == body


def test_paragraph_containing_a_shorter_one_is_kept() -> None:
    body = [LEAD, f"Напомним: {LEAD} Это важно."]
    kept, dropped = deduplicate(body, TITLE)
    assert kept == body and dropped == []


def test_containment_either_way_is_never_a_repeat() -> None:
    long = " ".join(TWENTY)
    longer = long + " и продлил программу"  # similarity 0.94, but it adds words
    assert deduplicate([long, longer], "Ставка")[0] == [long, longer]
    assert deduplicate([longer, long], "Ставка")[0] == [longer, long]


def test_key_ignores_edges_only() -> None:
    assert paragraph_key("  «Да, это так!» ") == paragraph_key("да, это так")
    assert paragraph_key("да, это так") != paragraph_key("да это так")


paragraphs = st.lists(st.text(min_size=1).map(normalize_text).filter(bool), max_size=12)
# paragraphs that share no word with each other or with the title: nothing repeats
WORDS = st.text(alphabet="абвгдежзиклмнопрст", min_size=2, max_size=8)


@st.composite
def distinct_paragraphs(draw: st.DrawFn) -> list[str]:
    count = draw(st.integers(0, 10))
    return [
        " ".join(f"{word}{'я' * (i + 1)}" for word in draw(st.lists(WORDS, min_size=1)))
        + draw(st.sampled_from(["", ".", "!", "…"]))
        for i in range(count)
    ]


@given(paragraphs, st.text(), st.one_of(st.none(), st.text()))
def test_output_is_an_ordered_subsequence(body: list[str], title: str, summary: str) -> None:
    kept, dropped = deduplicate(body, title, summary)
    iterator = iter(body)
    assert all(paragraph in iterator for paragraph in kept)  # ordered subsequence
    assert len(kept) + len(dropped) == len(body)


@given(paragraphs, st.text(), st.one_of(st.none(), st.text()))
def test_idempotent(body: list[str], title: str, summary: str) -> None:
    kept, _ = deduplicate(body, title, summary)
    assert deduplicate(kept, title, summary) == (kept, [])


@given(distinct_paragraphs(), st.one_of(st.none(), st.just("сводка")))
def test_distinct_paragraphs_pass_unchanged(body: list[str], summary: str | None) -> None:
    assert deduplicate(body, "заголовок, которого нет в тексте", summary)[0] == body


@given(paragraphs, st.text(), st.one_of(st.none(), st.text()))
def test_every_drop_repeats_something_the_reader_keeps(
    body: list[str], title: str, summary: str
) -> None:
    kept, dropped = deduplicate(body, title, summary)
    for entry in dropped:
        if entry.reason == "title_echo":
            assert words(entry.text) == words(title)
        else:
            assert entry.duplicate_of in kept
            assert is_near_repeat(words(entry.duplicate_of), words(entry.text)) or (
                paragraph_key(entry.duplicate_of) == paragraph_key(entry.text)
            )


@given(paragraphs, st.text(), st.one_of(st.none(), st.text()))
def test_every_paragraph_that_occurs_once_survives(
    body: list[str], title: str, summary: str
) -> None:
    kept, _ = deduplicate(body, title, summary)
    for i, paragraph in enumerate(body):
        others = body[:i] + body[i + 1 :]
        unique = all(
            paragraph_key(other) != paragraph_key(paragraph)
            and not is_near_repeat(words(other), words(paragraph))
            for other in others
        )
        echoes_summary = summary is not None and is_near_repeat(words(summary), words(paragraph))
        if unique and words(paragraph) != words(title) and not echoes_summary:
            assert paragraph in kept


EDGE_PUNCT = re.compile(r"^[\W_]+|[\W_]+$")  # the plain definition of the key's edges


@given(st.text())
def test_key_trims_edges_exactly_as_the_reference_regex(text: str) -> None:
    collapsed = " ".join(text.casefold().split())
    assert paragraph_key(text) == EDGE_PUNCT.sub("", collapsed)


def _near_repeat_reference(earlier: tuple[str, ...], later: tuple[str, ...]) -> bool:
    """``is_near_repeat`` before its length bound and reordering (the definition)."""
    if not earlier or not later:
        return False
    if earlier == later:
        return True
    if min(len(earlier), len(later)) < NEAR_DUPLICATE_MIN_WORDS:
        return False
    if contains_run(earlier, later) or contains_run(later, earlier):
        return False
    return word_similarity(earlier, later) >= NEAR_DUPLICATE_SIMILARITY


_WORDS = st.lists(st.sampled_from(("а", "б", "в", "г", "д")), max_size=30).map(tuple)


@given(_WORDS, _WORDS, st.data())
def test_near_repeat_matches_its_definition(
    a: tuple[str, ...], b: tuple[str, ...], data: st.DataObject
) -> None:
    edited = list(a)  # also a few words changed in a, the interesting neighbourhood
    for _ in range(data.draw(st.integers(0, 4))):
        if edited:
            at = data.draw(st.integers(0, len(edited) - 1))
            edited[at] = data.draw(st.sampled_from("абвгдж"))
    for x, y in ((a, b), (a, tuple(edited)), (tuple(edited), a)):
        assert is_near_repeat(x, y) == _near_repeat_reference(x, y)
