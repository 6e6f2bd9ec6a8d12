"""Categories and the compact article constructor used by the corpus modules.

Article texts are written as one indented block with blank lines between paragraphs,
which keeps the corpus readable and ruff-clean; `art()` turns a block into the clean
paragraph tuple and derives the alias from the title the way Joomla does.
"""

from __future__ import annotations

import textwrap
from datetime import datetime
from typing import Any

from newscrawl.replica.model import Category, ReplicaArticle
from newscrawl.replica.textutil import make_alias

OBSHCHESTVO = Category(7, "obshchestvo", "Общество")
EKONOMIKA = Category(3, "ekonomika", "Экономика")
TRANSPORT = Category(5, "transport", "Транспорт")
KULTURA = Category(9, "kultura", "Культура")
REGIONY = Category(11, "regiony", "Регионы")
QOGAM = Category(14, "qogam", "Қоғам")
MADENIET = Category(16, "madeniet", "Мәдениет")


def paragraphs(block: str) -> tuple[str, ...]:
    """Split a text block on blank lines and join wrapped lines with single spaces."""
    parts = textwrap.dedent(block).strip().split("\n\n")
    return tuple(" ".join(line.strip() for line in part.splitlines()) for part in parts)


def art(
    item_id: int, menu: str, category: Category, when: str, title: str, text: str, **kwargs: Any
) -> ReplicaArticle:
    """Build a ReplicaArticle; `when` is local "YYYY-MM-DD HH:MM", `modified` likewise."""
    modified = kwargs.pop("modified", None)
    return ReplicaArticle(
        item_id=item_id,
        alias=kwargs.pop("alias", None) or make_alias(title),
        menu=menu,
        title=title,
        paragraphs=paragraphs(text),
        published=datetime.fromisoformat(when),
        modified=datetime.fromisoformat(modified) if modified else None,
        category=category,
        author=kwargs.pop("author", "Редакция"),
        **kwargs,
    )
