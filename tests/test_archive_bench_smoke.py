"""The archive benchmark at a tiny size, so it cannot rot (figures not checked)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_archive_benchmark_runs_at_a_tiny_size(tmp_path: Path) -> None:
    output = tmp_path / "results.json"
    command = [
        sys.executable,
        "benchmarks/archive_bench.py",
        "--size=20",
        "--pages=5",
        "--passes=1",
        "--runs=1",
        "--server=python",
        f"--workdir={tmp_path / 'work'}",
        f"--json={output}",
    ]
    env = {k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"}
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads(output.read_text(encoding="utf-8"))
    assert set(results["writer"]) == {"ours_level_1", "ours_level_3", "ours_level_6", "warcio"}
    crawl = results["crawl"]
    assert crawl["archived"]["items"] == 20 and crawl["archive_bytes"] > 0
    assert crawl["archive_cpu_ms_per_page_in_crawl"][0] > 0
    assert set(results["reader"]) == {"ours", "warcio", "fastwarc"}
    assert [run["records"] for run in results["rebuild"].values()] == [20, 20]
