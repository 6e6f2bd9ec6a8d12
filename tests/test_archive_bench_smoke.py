"""The archive benchmark at a tiny size, so it cannot rot (figures not checked)."""

from __future__ import annotations

from pathlib import Path

from tests.test_benchmark_smoke import run_benchmark


def test_archive_benchmark_runs_at_a_tiny_size(tmp_path: Path) -> None:
    _, results = run_benchmark(
        "archive_bench.py", tmp_path, "--size=20", "--pages=5", "--passes=1", "--runs=1"
    )
    assert set(results["writer"]) == {"ours_level_1", "ours_level_3", "ours_level_6", "warcio"}
    crawl = results["crawl"]
    assert crawl["archived"]["items"] == 20 and crawl["archive_bytes"] > 0
    assert crawl["archive_cpu_ms_per_page_in_crawl"][0] > 0
    assert set(results["reader"]) == {"ours", "warcio", "fastwarc"}
    assert [run["records"] for run in results["rebuild"].values()] == [20, 20]
