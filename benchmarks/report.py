"""The issue's targets checked against measured figures, the printed tables, the JSON.

Targets are ratios (absolute times vary between machines). A target whose inputs were
not measured in this run is reported as ``None`` with the reason, never guessed.
"""

from __future__ import annotations

from typing import Any

NA_STATE = "n/a (incremental state not available)"


def _ratio(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or not denominator:
        return None
    return numerator / denominator


def targets(results: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each target: the measured value, the limit, and whether it was met (None: not run)."""
    parser = results.get("parser") or {}
    crawls: dict[str, Any] = results.get("crawls") or {}
    pipe = parser.get("parser_pipelines")
    out: dict[str, dict[str, Any]] = {
        "parser_pipelines_vs_trafilatura": _check(
            _ratio(pipe, parser.get("trafilatura")), "<=", 0.2
        ),
        "parser_pipelines_vs_lxml": _check(_ratio(pipe, parser.get("lxml_parse")), "<=", 3.0),
    }
    sizes = sorted(int(s) for s in crawls)
    throughput = {
        size: _ratio(
            crawls[str(size)]["full"]["pages_per_s"], crawls[str(size)]["bare"]["pages_per_s"]
        )
        for size in sizes
        if "bare" in crawls[str(size)] and "full" in crawls[str(size)]
    }
    worst = min(throughput.values(), default=None) if throughput else None
    out["full_vs_bare_throughput"] = _check(worst, ">=", 0.8, per_size=throughput)
    rss = {size: crawls[str(size)]["full"]["max_rss_mb"] for size in sizes}
    out["rss_50k_vs_1k"] = _check(_ratio(rss.get(50_000), rss.get(1_000)), "<=", 1.5, per_size=rss)
    rerun = crawls.get("10000", {}).get("rerun_speedup")
    out["incremental_rerun_speedup_10k"] = _check(
        rerun, ">=", 5.0, note=None if rerun is not None else NA_STATE
    )
    return out


def _check(
    value: float | None,
    op: str,
    limit: float,
    per_size: dict[int, float | None] | None = None,
    note: str | None = None,
) -> dict[str, Any]:
    met = None if value is None else (value <= limit if op == "<=" else value >= limit)
    entry: dict[str, Any] = {"value": _round(value), "target": f"{op} {limit}", "met": met}
    if per_size:
        entry["per_size"] = {str(k): _round(v) for k, v in per_size.items()}
    if note or value is None:
        entry["note"] = note or "not measured in this run"
    return entry


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def _fmt(value: Any, digits: int = 2) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def _table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    line = "| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)) + " |"
    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    body = [
        "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |" for r in rows
    ]
    return "\n".join([line, rule, *body])


def render(results: dict[str, Any]) -> str:
    """Markdown tables (they print well in a terminal and paste into the README)."""
    parts = [f"server: {results.get('server', 'n/a')}"]
    parser = results.get("parser")
    if parser:
        lxml_ms = parser.get("lxml_parse")
        rows = [
            [name, _fmt(ms, 3), _fmt(_ratio(ms, lxml_ms))]
            for name, ms in parser.items()
            if name != "pages"
        ]
        parts.append(
            f"CPU ms per article page ({parser.get('pages')} pages)\n"
            + _table(["contender", "ms/page", "x lxml"], rows)
        )
    crawls = results.get("crawls") or {}
    if crawls:
        rows = []
        for size, runs in sorted(crawls.items(), key=lambda kv: int(kv[0])):
            for kind in ("bare", "full", "rerun"):
                run = runs.get(kind)
                if not run:
                    continue
                rows.append(
                    [
                        size,
                        kind,
                        _fmt(run["pages"]),
                        _fmt(run["items"]),
                        _fmt(run["wall_s"], 1),
                        _fmt(run["pages_per_s"], 1),
                        _fmt(run["cpu_percent"], 0),
                        _fmt(run["cpu_ms_per_page"], 2),
                        _fmt(run["max_rss_mb"], 0),
                    ]
                )
            state = runs.get("state_bytes")
            speedup = runs.get("rerun_speedup")
            rerun = f"rerun {speedup:.1f}x faster" if speedup else ""
            size_text = (
                "not requested (--no-incremental)"
                if state is None
                else f"{state / 1e6:.1f} MB on disk"
                if state
                else NA_STATE
            )
            rows.append([size, "state store", "", "", "", "", "", rerun, size_text])
        headers = ["articles", "crawl", "pages", "items", "wall s", "pages/s", "CPU %"]
        parts.append("End-to-end crawls\n" + _table([*headers, "CPU ms/page", "peak RSS MB"], rows))
    rows = [
        [
            name,
            _fmt(t["value"], 3),
            t["target"],
            {True: "met", False: "MISSED"}.get(t["met"], "n/a"),
        ]
        for name, t in (results.get("targets") or {}).items()
    ]
    parts.append("Targets\n" + _table(["target", "measured", "limit", "status"], rows))
    return "\n\n".join(parts)
