"""The benchmark at a tiny size, so it cannot rot: it runs, prints its table, writes JSON.

Uses the Python server (no nginx needed) and a free port; the figures themselves are
not checked, only that every measurement is there.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from benchmarks.servers import free_port, resolve

REPO = Path(__file__).resolve().parent.parent


def run_benchmark(script: str, tmp_path: Path, *arguments: str) -> tuple[str, dict[str, Any]]:
    """Run ``benchmarks/<script>`` on the Python server; its stdout and its JSON."""
    output = tmp_path / "results.json"
    command = [
        sys.executable,
        f"benchmarks/{script}",
        "--server=python",
        f"--workdir={tmp_path / 'work'}",
        f"--json={output}",
        *arguments,
    ]
    env = {k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"}
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout, json.loads(output.read_text(encoding="utf-8"))


def test_benchmark_runs_at_a_tiny_size(tmp_path: Path) -> None:
    stdout, results = run_benchmark(
        "crawl_bench.py",
        tmp_path,
        "--sizes=30",
        f"--port={free_port()}",
        "--parse-pages=5",
        "--parse-passes=1",
    )
    assert "CPU ms per article page" in stdout
    assert "End-to-end crawls" in stdout and "Targets" in stdout
    assert results["server"] == "python ThreadingHTTPServer"
    assert set(results["parser"]) >= {"lxml_parse", "parser", "parser_pipelines", "trafilatura"}
    runs = results["crawls"]["30"]
    assert runs["full"]["items"] == 30, "every synthetic article must reach the feed"
    assert runs["bare"]["items"] == 0 and runs["bare"]["pages"] == runs["full"]["pages"]
    assert set(results["targets"]) == {
        "parser_pipelines_vs_trafilatura",
        "parser_pipelines_vs_lxml",
        "full_vs_bare_throughput",
        "rss_50k_vs_1k",
        "incremental_rerun_speedup_10k",
    }


def test_static_urls_map_like_the_nginx_config() -> None:
    assert resolve("/") == "index.html"
    assert resolve("/tema") == "_listing/tema/0.html"
    assert resolve("/tema?start=14") == "_listing/tema/14.html"
    assert resolve("/tema?start=junk") == "_listing/tema/0.html"
    assert resolve("/kz?format=feed&type=rss") == "_listing/kz/feed.xml"
    assert resolve("/novosti/item/300001-x") == "novosti/item/300001-x"
    assert resolve("/_listing/tema/0.html") is None
    assert resolve("/../etc/passwd") is None


def test_quiet_run_benchmark_runs_at_a_tiny_size(tmp_path: Path) -> None:
    stdout, results = run_benchmark("quiet_bench.py", tmp_path, "--sizes=60")
    assert "Quiet cron runs" in stdout
    runs = results["sizes"]["60"]
    assert runs["quiet"]["items"] == 12 and runs["idle"]["items"] == 0
    assert runs["quiet"]["requests"] == runs["idle"]["requests"] + 12
    assert runs["sweep"]["by_kind"]["listing"] == runs["listing_pages"]
