"""Golden files: page in, exact parser output out (tests/golden/, see regenerate.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.golden_support import golden_output

GOLDEN = Path(__file__).parent / "golden"
PAGES = sorted(p.relative_to(GOLDEN).with_suffix("").as_posix() for p in GOLDEN.rglob("*.html"))


def test_golden_set_is_complete() -> None:
    assert len(PAGES) == 17
    assert all((GOLDEN / f"{name}.json").exists() for name in PAGES)


@pytest.mark.parametrize("name", PAGES)
def test_parser_matches_golden(name: str) -> None:
    expected = json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))
    assert golden_output(name, (GOLDEN / f"{name}.html").read_bytes()) == expected
