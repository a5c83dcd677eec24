#!/usr/bin/env python3
"""Serve the demo page with the chat widget (web/public) on http://localhost:8080/.

Standard library only. The page talks to the Rasa socket.io channel at
--rasa-url (default $RASA_URL or http://localhost:5005); that URL is written
into the page and into the Content-Security-Policy (connect-src), so the
browser may only talk to this server and to Rasa.

The widget bundle (web/public/vendor/) is built from the pinned npm packages:
    cd web && npm ci && npm run build

Usage:
    python scripts/serve_web.py [--host 127.0.0.1] [--port 8080] [--rasa-url http://localhost:5005]
"""
from __future__ import annotations

import argparse
import html
import os
import posixpath
import sys
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
PUBLIC = ROOT / "web" / "public"
BUNDLE = PUBLIC / "vendor" / "twitch-chat.js"


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"not an http(s) URL: {url!r}")
    return f"{parts.scheme}://{parts.netloc}"


def content_security_policy(rasa_url: str) -> str:
    http_origin = origin_of(rasa_url)
    ws_origin = ("wss" if http_origin.startswith("https") else "ws") + http_origin[http_origin.index(":"):]
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            # rasa-webchat injects its CSS with <style> elements at run time.
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            # slick-carousel (inside rasa-webchat) ships its icon font as data: URLs.
            "font-src 'self' data:",
            f"connect-src 'self' {http_origin} {ws_origin}",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'self'",
        ]
    )


class Handler(SimpleHTTPRequestHandler):
    rasa_url = "http://localhost:5005"
    csp = content_security_policy(rasa_url)
    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript; charset=utf-8",
        ".css": "text/css; charset=utf-8",
        ".html": "text/html; charset=utf-8",
        ".txt": "text/plain; charset=utf-8",
        ".svg": "image/svg+xml",
    }

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", self.csp)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def _html_path(self) -> Path | None:
        path = unquote(urlsplit(self.path).path)
        path = posixpath.normpath(path)
        if path.endswith("/"):
            path += "index.html"
        if path in ("/", "."):
            path = "/index.html"
        if not path.endswith(".html"):
            return None
        candidate = (PUBLIC / path.lstrip("/")).resolve()
        if PUBLIC.resolve() not in candidate.parents or not candidate.is_file():
            return None
        return candidate

    def _send_html(self, head_only: bool) -> bool:
        target = self._html_path()
        if target is None:
            return False
        body = target.read_text(encoding="utf-8")
        body = body.replace("{{RASA_URL}}", html.escape(self.rasa_url, quote=True))
        data = body.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if not head_only:
            self.wfile.write(data)
        return True

    def do_GET(self) -> None:  # noqa: N802
        if not self._send_html(head_only=False):
            super().do_GET()

    def do_HEAD(self) -> None:  # noqa: N802
        if not self._send_html(head_only=True):
            super().do_HEAD()

    def log_message(self, format: str, *args) -> None:  # noqa: A002
        if os.environ.get("SERVE_WEB_QUIET"):
            return
        super().log_message(format, *args)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default=os.environ.get("WEB_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("WEB_PORT", "8080")))
    parser.add_argument("--rasa-url", default=os.environ.get("RASA_URL", "http://localhost:5005"))
    args = parser.parse_args(argv)

    try:
        origin_of(args.rasa_url)
    except ValueError as exc:
        parser.error(str(exc))
    if not BUNDLE.is_file():
        print(
            f"error: {BUNDLE.relative_to(ROOT)} is missing; build it with: cd web && npm ci && npm run build",
            file=sys.stderr,
        )
        return 2

    handler = type(
        "ConfiguredHandler",
        (Handler,),
        {"rasa_url": args.rasa_url.rstrip("/"), "csp": content_security_policy(args.rasa_url)},
    )
    server = ThreadingHTTPServer((args.host, args.port), partial(handler, directory=str(PUBLIC)))
    server.daemon_threads = True
    shown_host = "localhost" if args.host in ("127.0.0.1", "0.0.0.0") else args.host
    print(f"Serving the chat demo on http://{shown_host}:{args.port}/ (Rasa at {args.rasa_url})", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
