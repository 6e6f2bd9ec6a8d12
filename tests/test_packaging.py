"""The wheel carries the crawler and the demo site, not the test fixtures."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.crawl_runner import PROJECT_ROOT


def test_wheel_has_no_fault_fixtures(tmp_path: Path) -> None:
    # built from a copy, so the checkout gets no build/ or *.egg-info
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(PROJECT_ROOT / name, source / name)
    shutil.copytree(
        PROJECT_ROOT / "newscrawl",
        source / "newscrawl",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    build = ["--no-deps", "--no-build-isolation", "--wheel-dir", str(tmp_path / "dist"), "-q"]
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(source), *build],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    (wheel,) = (tmp_path / "dist").glob("newscrawl-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "newscrawl/spiders/expertkz.py" in names
    assert "newscrawl/article.schema.json" in names
    # the replica is the main job's demo site (python -m newscrawl serves it)
    assert "newscrawl/replica/server.py" in names
    assert not [name for name in names if "fault" in name or name.startswith("tests/")]
    entry_points = next((n for n in names if n.endswith("entry_points.txt")), None)
    if entry_points is not None:
        assert "replica" not in zipfile.ZipFile(wheel).read(entry_points).decode()
