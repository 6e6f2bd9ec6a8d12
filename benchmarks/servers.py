"""Serve a generated site on 127.0.0.1: nginx when installed, else a threaded Python server.

The server must not be the bottleneck: a crawl that measures Scrapy and our parser at a
few hundred pages a second needs a server that answers in microseconds from another
core, which is nginx (``apt-get install nginx-light``). Python's ThreadingHTTPServer is
the fallback that always works; it runs in the benchmark's own process, so its CPU
time never counts as the crawl's, but it competes for the machine's two cores.

Both map URLs onto the files of ``static_site`` the same way (``resolve``):
``/tema?start=14`` is ``_listing/tema/14.html`` and ``/tema?format=feed&type=rss`` is
``_listing/tema/feed.xml``; the nginx configuration does it with two ``map`` blocks.
"""

from __future__ import annotations

import email.utils
import resource
import shutil
import socket
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Self
from urllib.parse import parse_qs, unquote, urlsplit

from newscrawl.replica.model import MENUS

_TYPES = {".xml": "text/xml; charset=utf-8", ".txt": "text/plain; charset=utf-8"}
_HTML = "text/html; charset=utf-8"


def resolve(target: str) -> str | None:
    """The file (relative to the site root) that answers a request target, if any."""
    parts = urlsplit(target)
    path = unquote(parts.path)
    query = parse_qs(parts.query)
    if path in ("/", "/index.php"):
        return "index.html"
    menu = path.strip("/")
    if menu in MENUS and path == f"/{menu}":
        if query.get("format") == ["feed"]:
            return f"_listing/{menu}/feed.xml"
        start = (query.get("start") or ["0"])[0]
        return f"_listing/{menu}/{start if start.isdigit() else 0}.html"
    if ".." in path or path.startswith("/_listing/"):
        return None
    return path.lstrip("/") or None


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as nginx and Scrapy use it
    root: Path

    def do_GET(self) -> None:
        relative = resolve(self.path)
        file = self.root / relative if relative else None
        if file is None or not file.is_file():
            self._send(404, _HTML, b"<html><body>404</body></html>")
            return
        stat = file.stat()
        etag = f'"{int(stat.st_mtime):x}-{stat.st_size:x}"'  # nginx's ETag format
        last_modified = email.utils.formatdate(stat.st_mtime, usegmt=True)
        if self.headers.get("If-None-Match") == etag or (
            self.headers.get("If-Modified-Since") == last_modified
        ):
            self._send(304, None, b"", etag, last_modified)
            return
        kind = _TYPES.get(file.suffix, _HTML)
        self._send(200, kind, file.read_bytes(), etag, last_modified)

    def _send(
        self, status: int, kind: str | None, body: bytes, etag: str = "", modified: str = ""
    ) -> None:
        self.send_response(status)
        if kind:
            self.send_header("Content-Type", kind)
        if etag:
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", modified)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: a benchmark of 50k requests must not time stderr."""


class PythonServer:
    """ThreadingHTTPServer over a generated site, in a daemon thread of this process."""

    name = "python ThreadingHTTPServer"

    def __init__(self, root: Path, port: int) -> None:
        handler = type("SiteHandler", (_Handler,), {"root": root})
        self._httpd = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_port}"

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def open_file_cache_size() -> int:
    """Entries of nginx's ``open_file_cache``, which keeps each cached file open: half the
    open-files limit. With ``max=100000`` and a limit of 20,000, the 50k site got
    "Too many open files" from about the 20,000th page on, and those pages were 404s."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    limit = soft if soft != resource.RLIM_INFINITY else 100_000
    return max(64, min(100_000, limit // 2))


NGINX_CONF = """\
worker_processes 1;
daemon off;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    include {mime_types};
    default_type text/html;
    charset utf-8;
    charset_types text/html text/xml text/plain;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    open_file_cache max={file_cache} inactive=300s;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    map $arg_start $listing_start {{ "~^[0-9]+$" $arg_start; default 0; }}
    map $arg_format $listing_file {{ feed feed.xml; default $listing_start.html; }}
    server {{
        listen 127.0.0.1:{port};
        root {root};
        location = / {{ try_files /index.html =404; }}
        location = /index.php {{ try_files /index.html =404; }}
        # a named capture: the regex map below would overwrite $1
        location ~ ^/(?<menu>tema|novosti|kz)$ {{ try_files /_listing/$menu/$listing_file =404; }}
        location /_listing/ {{ return 404; }}
        location / {{ try_files $uri =404; }}
    }}
}}
"""


class NginxServer:
    """nginx (one worker, access log off) over a generated site, as a child process."""

    name = "nginx"

    def __init__(self, root: Path, port: int, work: Path) -> None:
        binary = shutil.which("nginx") or "/usr/sbin/nginx"
        work.mkdir(parents=True, exist_ok=True)
        conf = work / "nginx.conf"
        mime = Path("/etc/nginx/mime.types")
        if not mime.exists():  # an nginx built without Debian's layout
            mime = work / "mime.types"
            mime.write_text("types { text/html html; text/xml xml; text/plain txt; }\n")
        conf.write_text(
            NGINX_CONF.format(
                work=work,
                mime_types=mime,
                port=port,
                root=root.resolve(),
                file_cache=open_file_cache_size(),
            )
        )
        version = subprocess.run([binary, "-v"], capture_output=True, text=True).stderr
        self.name = version.strip().removeprefix("nginx version: ") or "nginx"
        self.port = port
        self._process = subprocess.Popen(
            [binary, "-p", str(work), "-c", str(conf), "-e", str(work / "error.log")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        _wait_for_port(port, self._process)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self._process.poll() is None:
            self._process.terminate()
            self._process.wait(timeout=10)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def _wait_for_port(port: int, process: subprocess.Popen[bytes], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            error = process.stderr.read().decode() if process.stderr else ""
            raise RuntimeError(f"nginx exited with {process.returncode}: {error}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    process.terminate()
    raise RuntimeError(f"nginx did not listen on 127.0.0.1:{port} within {timeout} s")


def nginx_available() -> bool:
    return shutil.which("nginx") is not None or Path("/usr/sbin/nginx").exists()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(root: Path, port: int, work: Path, kind: str) -> NginxServer | PythonServer:
    """``kind``: "nginx", "python", or "auto" (nginx if installed)."""
    if kind == "nginx" or (kind == "auto" and nginx_available()):
        return NginxServer(root, port, work)
    return PythonServer(root, port)
