"""The verdict of a finished crawl, as an exit status cron can act on.

``scrapy crawl`` exits 0 whenever the process did not crash, even when the site was
down or every page failed. These rules read the final stats instead:

====  ==========================================================================
code  meaning
====  ==========================================================================
0     the crawl finished and every health rule held
1     the spider or a pipeline raised errors, a feed could not be stored, or the
      crawl was cut short (finish_reason)
2     bad arguments or settings (one-line message, nothing crawled)
3     the site could not be reached: not a single HTTP response
4     a health rule failed: no article discovered, too many failed requests, or a
      field's primary extraction source lost to the fallbacks (template changed)
75    another crawl holds the state directory's lock (EX_TEMPFAIL: try later)
====  ==========================================================================
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

OK, ERRORED, USAGE, UNREACHABLE, UNHEALTHY, LOCKED = 0, 1, 2, 3, 4, 75

#: the sources that mean "the site's own template worked" for the watched fields
PRIMARY_SOURCES: dict[str, frozenset[str]] = {
    "title": frozenset({"profile"}),
    "body": frozenset({"profile"}),
    "published": frozenset({"jsonld", "profile"}),
}
NORMAL_FINISH = ("finished", "closespider_")


@dataclass(frozen=True)
class HealthRules:
    max_error_rate: float = 0.2
    min_primary_share: float = 0.5
    #: fewer parsed articles than this say nothing about templates
    min_articles_for_sources: int = 5

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> HealthRules:
        return cls(
            max_error_rate=settings.getfloat("NEWSCRAWL_HEALTH_MAX_ERROR_RATE", 0.2),
            min_primary_share=settings.getfloat("NEWSCRAWL_HEALTH_MIN_PRIMARY_SHARE", 0.5),
            min_articles_for_sources=settings.getint("NEWSCRAWL_HEALTH_MIN_ARTICLES", 5),
        )


@dataclass
class Verdict:
    status: int = OK
    problems: list[str] = field(default_factory=list)


def _count(stats: Mapping[str, Any], key: str) -> int:
    return int(stats.get(key) or 0)


def judge(stats: Mapping[str, Any], rules: HealthRules) -> Verdict:
    """The exit status and the reasons for it, from a crawl's final stats."""
    verdict = Verdict()
    if _count(stats, "response_received_count") == 0:
        verdict.status = UNREACHABLE
        # what failed and where, when the reachability middleware found out
        why = stats.get("newscrawl/unreachable") or "no HTTP response at all"
        verdict.problems.append(f"the site could not be reached: {why}")
        return verdict
    errors = _count(stats, "spider_exceptions/count") + _count(stats, "newscrawl/errors/item_error")
    failed_feeds = sum(
        _count(stats, key) for key in stats if key.startswith("feedexport/failed_count/")
    )
    reason = str(stats.get("finish_reason", ""))
    if errors:
        verdict.problems.append(f"the spider or its pipelines raised {errors} error(s)")
    if failed_feeds:
        verdict.problems.append(f"{failed_feeds} feed file(s) could not be stored")
    if not reason.startswith(NORMAL_FINISH):
        verdict.problems.append(f"the crawl did not finish normally: {reason or 'unknown'}")
    if verdict.problems:
        verdict.status = ERRORED
        return verdict
    if _count(stats, "newscrawl/discovery/articles") == 0:
        verdict.problems.append("no article was discovered")
    requests = _count(stats, "downloader/request_count")
    failed = sum(_count(stats, key) for key in stats if _is_site_failure(key))
    if requests and failed / requests > rules.max_error_rate:
        verdict.problems.append(
            f"{failed} of {requests} requests failed (over {rules.max_error_rate:.0%})"
        )
    for name, primary in PRIMARY_SOURCES.items():
        by_source = {
            key.rsplit("/", 1)[1]: _count(stats, key)
            for key in stats
            if key.startswith(f"newscrawl/field/{name}/")
        }
        total = sum(by_source.values())
        good = sum(n for source, n in by_source.items() if source in primary)
        if total >= rules.min_articles_for_sources and good / total < rules.min_primary_share:
            verdict.problems.append(
                f"{name} came from its primary source in only {good} of {total} pages "
                "(did the site change its templates?)"
            )
    if verdict.problems:
        verdict.status = UNHEALTHY
    return verdict


def _is_site_failure(key: str) -> bool:
    """A lost request that says the site is unwell: ``newscrawl/errors/<reason>`` counts
    every request given up on; a 4xx is the page's problem (a dead link), not the site's."""
    prefix = "newscrawl/errors/"
    return key.startswith(prefix) and not key.removeprefix(prefix).startswith("http_4")
