"""The incremental state's parts on their own: store recovery, lock, revisit, health."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newscrawl import health
from newscrawl.state.lock import StateLock, StateLocked
from newscrawl.state.revisit import RevisitPolicy
from newscrawl.state.store import ArticleRecord, SQLiteStateStore


def record(article_id: str = "1", fingerprint: str = "a", **changes: object) -> ArticleRecord:
    fields: dict[str, object] = {
        "article_id": article_id,
        "url": f"https://expert-kz.com/tema/item/{article_id}",
        "fingerprint": fingerprint,
        "revision": 1,
        "published": "2024-11-27T10:15:00+05:00",
        "fetched_at": "2026-11-20T00:00:00+00:00",
        **changes,
    }
    return ArticleRecord(**fields)  # type: ignore[arg-type]


def test_records_become_state_only_when_the_run_commits(tmp_path: Path) -> None:
    store = SQLiteStateStore(tmp_path)
    store.stage(record())
    assert store.get("1") is None
    assert store.commit_run() == 1
    assert store.get("1") == record()
    store.close()


def test_a_run_that_never_finalized_is_discarded(tmp_path: Path) -> None:
    store = SQLiteStateStore(tmp_path)
    store.stage(record())
    store.close()  # as if killed: no finalizing, no commit
    again = SQLiteStateStore(tmp_path)
    assert again.get("1") is None
    again.close()


def test_a_run_killed_between_finalizing_and_rename_is_completed(tmp_path: Path) -> None:
    partial, final = tmp_path / "feed.jsonl.partial", tmp_path / "feed.jsonl"
    partial.write_text('{"article_id": "1"}\n')
    store = SQLiteStateStore(tmp_path / "state")
    store.stage(record())
    store.finalizing(partial, final)
    store.close()  # killed before the rename
    again = SQLiteStateStore(tmp_path / "state")
    assert final.read_text() == '{"article_id": "1"}\n' and not partial.exists()
    assert again.get("1") == record()
    again.close()


def test_a_run_killed_after_the_rename_is_committed(tmp_path: Path) -> None:
    partial, final = tmp_path / "feed.jsonl.partial", tmp_path / "feed.jsonl"
    partial.write_text("{}\n")
    store = SQLiteStateStore(tmp_path / "state")
    store.stage(record())
    store.finalizing(partial, final)
    os.replace(partial, final)
    store.close()  # killed before commit_run
    again = SQLiteStateStore(tmp_path / "state")
    assert again.get("1") == record()
    again.close()


def test_lock_is_exclusive_and_released(tmp_path: Path) -> None:
    with StateLock(tmp_path), pytest.raises(StateLocked, match=f"pid {os.getpid()}"):
        StateLock(tmp_path).acquire()
    with StateLock(tmp_path) as lock:
        assert lock.stale_pid is None


NOW = datetime(2026, 11, 27, tzinfo=UTC)


@pytest.mark.parametrize(
    ("known", "lastmod", "due"),
    [
        (None, None, True),  # never seen
        (record(lastmod="2024-11-27T10:15:00+05:00"), "2024-11-28T09:00:00+05:00", True),
        (record(lastmod="2024-11-27T10:15:00+05:00"), "2024-11-27T10:15:00+05:00", False),
        (record(), None, False),  # old, fetched a week ago, nothing announced
        (record(), "2026-11-25T10:00:00+05:00", True),  # announced after our fetch
        (record(), "2026-11-19T10:00:00+05:00", False),  # announced before our fetch
        (record(published=(NOW - timedelta(days=1)).isoformat()), None, True),  # young
        (record(fetched_at=(NOW - timedelta(days=45)).isoformat()), None, True),  # stale
    ],
)
def test_revisit_policy(known: ArticleRecord | None, lastmod: str | None, due: bool) -> None:
    assert RevisitPolicy(recent_days=3, max_age_days=30).is_due(known, lastmod, NOW) is due


RULES = health.HealthRules()
HEALTHY = {
    "response_received_count": 40,
    "finish_reason": "finished",
    "downloader/request_count": 40,
    "newscrawl/discovery/articles": 29,
    "newscrawl/field/title/profile": 29,
    "newscrawl/field/body/profile": 29,
    "newscrawl/field/published/jsonld": 28,
    "newscrawl/field/published/profile": 1,
}


@pytest.mark.parametrize(
    ("changes", "status"),
    [
        ({}, health.OK),
        ({"response_received_count": 0}, health.UNREACHABLE),
        ({"spider_exceptions/count": 1}, health.ERRORED),
        ({"newscrawl/errors/item_error": 2}, health.ERRORED),
        ({"feedexport/failed_count/AtomicFileFeedStorage": 1}, health.ERRORED),
        ({"finish_reason": "shutdown"}, health.ERRORED),
        ({"finish_reason": "closespider_itemcount"}, health.OK),
        ({"newscrawl/discovery/articles": 0}, health.UNHEALTHY),
        ({"newscrawl/errors/timeout": 9}, health.UNHEALTHY),
        ({"newscrawl/errors/http_503": 9}, health.UNHEALTHY),
        ({"newscrawl/errors/http_404": 9}, health.OK),  # dead links are the pages' problem
        (
            {"newscrawl/field/title/profile": 3, "newscrawl/field/title/jsonld": 26},
            health.UNHEALTHY,
        ),
    ],
)
def test_health_verdicts(changes: dict[str, object], status: int) -> None:
    assert health.judge({**HEALTHY, **changes}, RULES).status == status
