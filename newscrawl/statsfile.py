"""Crawl stats as a JSON file, for whoever runs ``scrapy crawl`` from outside.

Scrapy prints its stats into the log as a Python repr; a scheduler, a monitor or an
end-to-end test needs them as data. With ``-s STATS_FILE=path`` the final stats are
written there as JSON (datetimes as ISO 8601) when the spider closes; without it this
collector is Scrapy's MemoryStatsCollector.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from scrapy.statscollectors import MemoryStatsCollector, StatsT


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


class JsonFileStatsCollector(MemoryStatsCollector):
    def _persist_stats(self, stats: StatsT) -> None:
        super()._persist_stats(stats)
        path = self._crawler.settings.get("STATS_FILE")
        if path:
            data = {key: _jsonable(value) for key, value in stats.items()}
            Path(path).write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
