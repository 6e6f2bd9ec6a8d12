"""Splitting a text container into paragraphs."""

from parsel import Selector

from newscrawl.extraction.paragraphs import paragraphs_of


def split(html: str, noise: tuple[str, ...] = ()) -> list[str]:
    return paragraphs_of(Selector(text=html).css("#c")[0].root, noise)


def test_p_elements() -> None:
    assert split('<div id="c"><p>Один.</p>\n<p>Два <b>жирно</b>.</p></div>') == [
        "Один.",
        "Два жирно.",
    ]


def test_double_br_separates_single_br_does_not() -> None:
    html = '<div id="c">Один.<br /><br />Два,<br/>строка.<br><br>\n<br>Три.</div>'
    assert split(html) == ["Один.", "Два,\nстрока.", "Три."]


def test_noise_scripts_and_comments_skipped() -> None:
    html = (
        '<div id="c"><p>Текст<!-- x --></p><script>var a = 1;</script>'
        '<div class="itemRelated"><h3>Похожее</h3></div><p>Конец</p></div>'
    )
    assert split(html, (".itemRelated",)) == ["Текст", "Конец"]


def test_mixed_text_and_blocks() -> None:
    assert split('<div id="c">Вступление<p>Абзац</p>хвост</div>') == [
        "Вступление",
        "Абзац",
        "хвост",
    ]
