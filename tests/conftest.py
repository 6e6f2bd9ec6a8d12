"""Shared fixture: the replica served over real HTTP (crawls: tests/crawl_runner.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from newscrawl.replica.server import ReplicaServer


@pytest.fixture(scope="module")
def replica() -> Iterator[ReplicaServer]:
    with ReplicaServer() as server:
        yield server
