"""`python -m newscrawl.replica [--host H] [--port N] [--delay S]`: serve the replica.

Lets a developer point a browser or `scrapy crawl` at the offline copy of the site.
"""

from __future__ import annotations

import argparse
import signal
import threading
from types import FrameType

from newscrawl.replica.server import ReplicaServer


def _stop_on_sigterm(signum: int, frame: FrameType | None) -> None:
    """Treat SIGTERM like Ctrl-C so a backgrounded replica closes its socket cleanly."""
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    """Serve until Ctrl-C; prints the base URL first so scripts can pick it up."""
    parser = argparse.ArgumentParser(
        prog="python -m newscrawl.replica",
        description="Serve the offline replica of expert-kz.com.",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000, help="0 picks a free port")
    parser.add_argument(
        "--delay", type=float, default=0.0, help="seconds to wait before each response"
    )
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    server = ReplicaServer(host=args.host, port=args.port, delay=args.delay)
    print(server.base_url, flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
