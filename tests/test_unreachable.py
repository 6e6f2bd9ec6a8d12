"""A site that cannot be reached: exit 3 at once, one line saying what and where, no
retries, no traceback, and no other start URL tried."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from newscrawl.replica.server import ReplicaServer
from tests.crawl_runner import Crawl, run_fault_crawl

ERROR_LINE = re.compile(r"^\S+ \S+ \[[^\]]+\] ERROR: ", re.MULTILINE)


def error_lines(crawl: Crawl) -> list[str]:
    return [line for line in crawl.log.splitlines() if ERROR_LINE.match(line)]


def assert_gave_up_at_once(crawl: Crawl, because: str, url: str) -> None:
    assert crawl.returncode == 3, crawl.log[-3000:]
    assert "Traceback" not in crawl.log
    errors = error_lines(crawl)
    assert len(errors) == 1, errors
    assert f"the site could not be reached: {because} at {url}/robots.txt" in errors[0]
    assert crawl.stat("retry/count") == 0
    # robots.txt was the only download: no start URL was tried after it
    assert crawl.stat("downloader/request_count") == 1
    assert crawl.items == []


@pytest.fixture
def closed_port() -> int:
    """A port on 127.0.0.1 nobody listens on: connections to it are refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def silent_server() -> Iterator[socket.socket]:
    """Accepts connections and never answers (a hung site); counts them in its backlog."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        yield listener


def test_connection_refused(closed_port: int, tmp_path: Path) -> None:
    base_url = f"http://127.0.0.1:{closed_port}"
    crawl = run_fault_crawl(base_url, tmp_path)
    assert_gave_up_at_once(crawl, "connection refused", base_url)


def test_no_such_host(tmp_path: Path) -> None:
    base_url = "http://no-such-host.invalid"  # RFC 6761: never resolves
    crawl = run_fault_crawl(base_url, tmp_path)
    assert_gave_up_at_once(crawl, "no such host, DNS lookup failed", base_url)


def test_tls_failure(replica: ReplicaServer, tmp_path: Path) -> None:
    base_url = replica.base_url.replace("http://", "https://")  # it speaks plain HTTP
    crawl = run_fault_crawl(base_url, tmp_path)
    assert_gave_up_at_once(crawl, "TLS handshake failed", base_url)


def test_timeout_waited_once(silent_server: socket.socket, tmp_path: Path) -> None:
    """One DOWNLOAD_TIMEOUT, not one per start URL or retry: the server saw one
    connection."""
    port = silent_server.getsockname()[1]
    base_url = f"http://127.0.0.1:{port}"
    crawl = run_fault_crawl(base_url, tmp_path, {"DOWNLOAD_TIMEOUT": "1"})
    assert_gave_up_at_once(crawl, "no answer within DOWNLOAD_TIMEOUT", base_url)
    silent_server.setblocking(False)
    accepted = []
    while True:
        try:
            accepted.append(silent_server.accept()[0])
        except BlockingIOError:
            break
    for connection in accepted:
        connection.close()
    assert len(accepted) == 1
