"""What the web archive costs and how fast it is read: ``python benchmarks/archive_bench.py``.

1. Writer, in this process on the same article pages already in memory: CPU ms per
   page for the response + request records, with our serializer at several zlib levels
   and with warcio's ``WARCWriter`` (its gzip), and the archive bytes each produces.
2. Reader: CPU ms per exchange to read a crawl's archive back with our reader
   (member by member, every record inflated and its payload digest checked), warcio
   and fastwarc.
3. Crawl: the same synthetic site crawled in full without and with
   ``NEWSCRAWL_ARCHIVE`` (child processes, CPU from ``wait4``, ``benchmarks.crawls``);
   the difference per page is what archiving adds to the crawl. Archive bytes per page
   and per article, as written.
4. Rebuild: ``newscrawl extract ARCHIVE -j N`` over that archive, pages per second.

The site is ``benchmarks.static_site``'s synthetic copy (article pages of 58 KB on
average), served on 127.0.0.1 by nginx when installed. Timings are the fastest of
``--passes`` passes. Results go to ``--json`` and are printed as a table.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: import this checkout, not an installed one
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "newscrawl.settings")

from scrapy import Request
from scrapy.http import HtmlResponse

from benchmarks import crawls
from benchmarks.parser_bench import sample_pages
from benchmarks.servers import free_port, start_server
from benchmarks.static_site import generate
from newscrawl.archive.exchange import exchange_records
from newscrawl.archive.reader import read_warc

SERVER_HEADERS = {
    "Server": "nginx",
    "Date": "Thu, 03 Dec 2026 10:00:00 GMT",
    "Content-Type": "text/html; charset=utf-8",
    "ETag": '"5f1e-63a1"',
    "Last-Modified": "Thu, 03 Dec 2026 09:00:00 GMT",
}
REQUEST_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "en",
    "User-Agent": "newscrawl/0.1 (news archive crawler for Expert KZ; Scrapy)",
    "Accept-Encoding": "gzip, deflate, br",
}


def _best_cpu(run: Callable[[], int], passes: int) -> tuple[float, int]:
    """The fastest pass's CPU seconds, and what the run returned (bytes written)."""
    best, out = float("inf"), 0
    for _ in range(passes):
        started = time.process_time()
        out = run()
        best = min(best, time.process_time() - started)
    return best, out


def writer_costs(exchanges: list[tuple[Request, HtmlResponse]], passes: int) -> dict[str, Any]:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    def ours(level: int) -> Callable[[], int]:
        def run() -> int:
            now = time.time()
            return sum(
                len(a) + len(b)
                for a, b in (exchange_records(level, res, req, now) for req, res in exchanges)
            )

        return run

    def warcio_writer() -> int:
        out = io.BytesIO()
        writer = WARCWriter(out, gzip=True)
        for request, response in exchanges:
            response_headers = [
                (k.decode(), v.decode()) for k, vs in response.headers.items() for v in vs
            ]
            request_headers = [
                (k.decode(), v.decode()) for k, vs in request.headers.items() for v in vs
            ]
            record = writer.create_warc_record(
                response.url,
                "response",
                payload=io.BytesIO(response.body),
                http_headers=StatusAndHeaders("200 OK", response_headers, protocol="HTTP/1.1"),
            )
            sent = writer.create_warc_record(
                request.url,
                "request",
                payload=io.BytesIO(b""),
                http_headers=StatusAndHeaders(
                    "GET / HTTP/1.1", request_headers, is_http_request=True
                ),
            )
            writer.write_request_response_pair(sent, record)
        return out.tell()

    runs: dict[str, Callable[[], int]] = {f"ours_level_{n}": ours(n) for n in (1, 3, 6)}
    runs["warcio"] = warcio_writer
    results = {}
    for name, run in runs.items():
        seconds, written = _best_cpu(run, passes)
        results[name] = {
            "cpu_ms_per_page": round(1000 * seconds / len(exchanges), 3),
            "kb_per_page": round(written / len(exchanges) / 1e3, 1),
        }
    return results


def reader_costs(archive: Path, passes: int) -> dict[str, Any]:
    from fastwarc.warc import ArchiveIterator as FastIterator
    from fastwarc.warc import WarcRecordType
    from warcio.archiveiterator import ArchiveIterator

    files = sorted(archive.glob("*.warc.gz"))

    def ours() -> int:
        return sum(1 for f in files for r in read_warc(f) if getattr(r, "type", "") == "response")

    def warcio_reader() -> int:
        count = 0
        for f in files:
            with f.open("rb") as stream:
                for record in ArchiveIterator(stream):
                    record.content_stream().read()
                    count += record.rec_type == "response"
        return count

    def fastwarc_reader() -> int:
        count = 0
        for f in files:
            with f.open("rb") as stream:
                for record in FastIterator(stream):
                    record.reader.read()
                    count += record.record_type == WarcRecordType.response
        return count

    results = {}
    for name, run in {"ours": ours, "warcio": warcio_reader, "fastwarc": fastwarc_reader}.items():
        seconds, responses = _best_cpu(run, passes)
        results[name] = {"cpu_ms_per_exchange": round(1000 * seconds / responses, 3)}
    return results


def rebuild_speed(archive: Path, work: Path, jobs: int) -> dict[str, Any]:
    output = work / f"rebuilt-j{jobs}.jsonl"
    started = time.perf_counter()
    process = subprocess.run(
        [
            sys.executable,
            "-m",
            "newscrawl.cli.extract",
            str(archive),
            "-o",
            str(output),
            "-j",
            str(jobs),
        ],
        cwd=crawls.REPO,
        env={**os.environ, "PYTHONPATH": str(crawls.REPO)},
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - started
    records = sum(1 for _ in output.open(encoding="utf-8")) if output.exists() else 0
    return {
        "exit_code": process.returncode,
        "records": records,
        "wall_s": round(wall, 2),
        "pages_per_s": round(records / wall, 1) if wall else None,
    }


def _exchanges(root: Path, base_url: str, count: int) -> list[tuple[Request, HtmlResponse]]:
    out = []
    for page in sample_pages(root, base_url, count):
        request = Request(page.url, headers=REQUEST_HEADERS)
        headers = {**SERVER_HEADERS, "Content-Length": str(len(page.body))}
        response = HtmlResponse(
            page.url, body=page.body, headers=headers, request=request, protocol="HTTP/1.1"
        )
        out.append((request, response))
    return out


def _options(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000, help="articles in the synthetic site")
    parser.add_argument("--pages", type=int, default=200, help="pages in the writer test")
    parser.add_argument("--passes", type=int, default=5)
    parser.add_argument("--server", choices=("auto", "nginx", "python"), default="auto")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/newscrawl-archive-bench"))
    parser.add_argument("--json", type=Path, default=Path("benchmarks/archive_results.json"))
    parser.add_argument("--runs", type=int, default=3, help="crawls with and without archive")
    parser.add_argument("--skip-crawl", action="store_true")
    parser.add_argument("--skip-rebuild", action="store_true")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    options = _options(argv)
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    root = options.workdir / f"site-{options.size}"
    info = generate(root, options.size, base_url)
    exchanges = _exchanges(root, base_url, options.pages)
    mean_kb = sum(len(res.body) for _, res in exchanges) / len(exchanges) / 1e3
    results: dict[str, Any] = {
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg(),
        "site": {"articles": info.articles, "mean_article_page_kb": round(mean_kb, 1)},
        "writer": writer_costs(exchanges, options.passes),
    }
    if not options.skip_crawl:
        work = options.workdir / "crawl"
        archive = work / "warc"
        plain_runs, archived_runs = [], []
        with start_server(root, port, options.workdir / "nginx", options.server):
            # alternated, and the cheapest of each kind kept: the machine is shared
            for n in range(options.runs):
                shutil.rmtree(archive, ignore_errors=True)
                plain_runs.append(crawls.run_crawl(base_url, work, f"plain-{n}"))
                archived_runs.append(
                    crawls.run_crawl(
                        base_url, work, f"archived-{n}", ["-s", f"NEWSCRAWL_ARCHIVE={archive}"]
                    )
                )
        plain = min(plain_runs, key=lambda run: run.cpu_ms_per_page)
        archived = min(archived_runs, key=lambda run: run.cpu_ms_per_page)
        size = crawls.directory_size(archive)
        results["crawl"] = {
            "plain": plain.summary(),
            "archived": archived.summary(),
            "cpu_ms_per_page_each_run": {
                "plain": [run.cpu_ms_per_page for run in plain_runs],
                "archived": [run.cpu_ms_per_page for run in archived_runs],
            },
            "archive_cpu_ms_per_page": round(archived.cpu_ms_per_page - plain.cpu_ms_per_page, 3),
            # measured inside the crawl around each page's archiving (reactor thread)
            "archive_cpu_ms_per_page_in_crawl": [
                round(run.stats.get("newscrawl/archive/cpu_ms", 0) / run.pages, 3)
                for run in archived_runs
            ],
            "archive_bytes": size,
            "archive_kb_per_page": round(size / archived.pages / 1e3, 1),
            "archive_kb_per_article": round(size / max(1, archived.items) / 1e3, 1),
        }
        results["reader"] = reader_costs(archive, options.passes)
        if not options.skip_rebuild:
            results["rebuild"] = {f"j{n}": rebuild_speed(archive, work, n) for n in (1, 2)}
    print(render(results))
    options.json.parent.mkdir(parents=True, exist_ok=True)
    options.json.write_text(json.dumps(results, indent=2))
    print(f"\nresults written to {options.json}")
    return 0


def render(results: dict[str, Any]) -> str:
    lines = [
        f"site: {results['site']['articles']} articles, article pages "
        f"{results['site']['mean_article_page_kb']} KB; load average {results['load_average']}",
        "",
        "writer (response + request records)   CPU ms/page   KB/page",
    ]
    for name, row in results["writer"].items():
        lines.append(f"  {name:<36} {row['cpu_ms_per_page']:>10.3f} {row['kb_per_page']:>9.1f}")
    crawl = results.get("crawl")
    if crawl:
        lines += [
            "",
            "full crawl                            CPU ms/page   pages/s",
            f"  without archive {crawl['plain']['cpu_ms_per_page']:>31.3f} "
            f"{crawl['plain']['pages_per_s']:>9.1f}",
            f"  with archive    {crawl['archived']['cpu_ms_per_page']:>31.3f} "
            f"{crawl['archived']['pages_per_s']:>9.1f}",
            f"  archiving adds  {crawl['archive_cpu_ms_per_page']:>31.3f}"
            "   (difference of the cheapest runs)",
            f"  archiving costs {max(crawl['archive_cpu_ms_per_page_in_crawl']):>31.3f}"
            "   (measured in the crawl, worst run)",
            f"archive: {crawl['archive_bytes']} bytes, {crawl['archive_kb_per_page']} KB per page, "
            f"{crawl['archive_kb_per_article']} KB per article",
            "",
            "reader                                CPU ms/exchange",
        ]
        for name, row in results["reader"].items():
            lines.append(f"  {name:<36} {row['cpu_ms_per_exchange']:>10.3f}")
    for name, row in results.get("rebuild", {}).items():
        lines.append(f"rebuild -{name}: {row['records']} records, {row['pages_per_s']} pages/s")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
