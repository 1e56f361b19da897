"""A development web server for one WebAssembly build folder (``build/NAME``).

Browsers refuse to compile ``.wasm`` from ``file://`` pages and want
``application/wasm`` for streaming compilation, so the page needs a real HTTP
server. This one serves exactly one folder on the loopback interface, with the
MIME types the page needs, and refuses any path that would leave the folder
(``..``, absolute paths, percent-encoded or symlinked ways out).

    python3 site_scons/mpbuild/devserver.py build/default
    python3 -m mpbuild.devserver --root build/default --port 8000
    scons serve variant=default

Only the standard library is used, so the file also runs as a plain script.
"""

from __future__ import annotations

import argparse
import errno
import os
import shutil
import sys
import threading
import urllib.parse
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

LOOPBACK = "127.0.0.1"
DEFAULT_PORT = 8000

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".wasm": "application/wasm",
    ".data": "application/octet-stream",
    ".mpy": "application/octet-stream",
    # Served as text so that a browser shows a script rather than downloading it.
    ".py": "text/plain; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
}
FALLBACK_CONTENT_TYPE = "application/octet-stream"
INDEX_FILE = "index.html"


def content_type_for(path: str | os.PathLike) -> str:
    return CONTENT_TYPES.get(Path(path).suffix.lower(), FALLBACK_CONTENT_TYPE)


class RequestRefused(Exception):
    """The request cannot be answered with a file: carries the HTTP status to send."""

    def __init__(self, status: HTTPStatus, reason: str, location: str | None = None):
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.location = location  # set for redirects


def resolve_request_path(root: str | os.PathLike, request_target: str) -> Path:
    """The file under ``root`` that ``request_target`` (the path of a GET line) names.

    Raises RequestRefused: 400 for a target that is not a path, 403 for a way
    out of ``root``, 404 for a missing file, 301 for a folder named without its
    trailing slash (so that relative links inside its index work).
    """
    if request_target.startswith("//"):
        # urlsplit would read "//etc/passwd" as a host name and a path.
        raise RequestRefused(HTTPStatus.FORBIDDEN, "absolute paths are not served")
    parts = urllib.parse.urlsplit(request_target)
    raw_path = parts.path
    if not raw_path.startswith("/"):
        raise RequestRefused(HTTPStatus.BAD_REQUEST, "the request target is not a path")
    try:
        # Decoded exactly once: a doubly encoded "%252e%252e" stays the literal
        # name "%2e%2e", which cannot climb out of the folder.
        path = urllib.parse.unquote(raw_path, errors="strict")
    except UnicodeDecodeError:
        raise RequestRefused(HTTPStatus.BAD_REQUEST, "the path is not valid UTF-8") from None
    if "\x00" in path or "\\" in path:
        raise RequestRefused(HTTPStatus.FORBIDDEN, "forbidden character in path")
    if path.startswith("//"):
        raise RequestRefused(HTTPStatus.FORBIDDEN, "absolute paths are not served")
    segments = path.split("/")[1:]
    if any(segment == ".." for segment in segments):
        raise RequestRefused(HTTPStatus.FORBIDDEN, "paths may not contain '..'")

    root_real = os.path.realpath(root)
    candidate = os.path.join(root_real, *[s for s in segments if s not in ("", ".")])
    # realpath also catches a symbolic link that points outside the folder.
    real = os.path.realpath(candidate)
    if real != root_real and not real.startswith(root_real + os.sep):
        raise RequestRefused(HTTPStatus.FORBIDDEN, "outside the served folder")
    if os.path.isdir(real):
        if not raw_path.endswith("/"):
            location = raw_path + "/" + (f"?{parts.query}" if parts.query else "")
            raise RequestRefused(HTTPStatus.MOVED_PERMANENTLY, "folder", location=location)
        real = os.path.join(real, INDEX_FILE)
    if not os.path.isfile(real):
        raise RequestRefused(HTTPStatus.NOT_FOUND, "no such file")
    return Path(real)


class DevRequestHandler(BaseHTTPRequestHandler):
    server_version = "mpw-devserver"
    # Short lines from a stalled or half-open client must not hold a thread forever.
    timeout = 30

    def do_GET(self):
        self._send_file(include_body=True)

    def do_HEAD(self):
        self._send_file(include_body=False)

    def _send_file(self, include_body: bool):
        try:
            path = resolve_request_path(self.server.root, self.path)
            stream = open(path, "rb")
        except RequestRefused as refusal:
            self._send_refusal(refusal)
            return
        except OSError:
            self._send_refusal(RequestRefused(HTTPStatus.NOT_FOUND, "unreadable file"))
            return
        with stream:
            size = os.fstat(stream.fileno()).st_size
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", content_type_for(path))
            self.send_header("Content-Length", str(size))
            self._send_common_headers()
            self.end_headers()
            if include_body:
                try:
                    shutil.copyfileobj(stream, self.wfile)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the browser went away (reload, closed tab): nothing to do

    def _send_refusal(self, refusal: RequestRefused):
        if refusal.location is not None:
            self.send_response(refusal.status)
            self.send_header("Location", refusal.location)
            self.send_header("Content-Length", "0")
            self._send_common_headers()
            self.end_headers()
            return
        self.send_error(refusal.status, refusal.reason)

    def _send_common_headers(self):
        # A rebuilt micropython.wasm must be picked up by the next reload.
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        if self.server.allow_cross_origin:
            self.send_header("Access-Control-Allow-Origin", "*")
            # (Pages that are cross-origin isolated load only resources that say they may.)
            self.send_header("Cross-Origin-Resource-Policy", "cross-origin")
        if self.server.isolate:
            # Cross-origin isolation: SharedArrayBuffer exists, for the worker's Stop and input()
            # (micropython-worker.mjs). Same-origin files need nothing more.
            self.send_header("Cross-Origin-Opener-Policy", "same-origin")
            self.send_header("Cross-Origin-Embedder-Policy", "require-corp")

    def log_message(self, format, *args):  # noqa: A002 (the base class's signature)
        if not self.server.quiet:
            super().log_message(format, *args)


class DevServer(ThreadingHTTPServer):
    """Serves ``root`` to loopback clients, one thread per connection."""

    daemon_threads = True
    # A restarted server can take the port back at once.
    allow_reuse_address = True
    # socketserver's listen backlog is 5: a page's burst of parallel requests beyond that waits in
    # the kernel's SYN-ACK retransmission back-off (1, 2, 4, 8... s) whenever the accept loop lags
    # (seen under a loaded machine: a request of 64 concurrent ones waited over 20 s).
    request_queue_size = 128

    def __init__(self, root, port=DEFAULT_PORT, *, allow_cross_origin=False, quiet=False, host=LOOPBACK,
                 isolate=True):
        self.root = os.path.realpath(root)
        self.allow_cross_origin = allow_cross_origin
        self.isolate = isolate
        self.quiet = quiet
        super().__init__((host, port), DevRequestHandler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/"

    def handle_error(self, request, client_address):
        # A malformed or aborted request costs that request only; one line, no traceback.
        if not self.quiet:
            error = sys.exc_info()[1]
            sys.stderr.write(f"devserver: request from {client_address[0]} failed: {error!r}\n")


def start_in_thread(root, port=0, **options) -> DevServer:
    """A running server on ``port`` (0: any free port) in a daemon thread; call .shutdown() to stop."""
    server = DevServer(root, port, **options)
    # .shutdown() waits for the loop's next poll: 0.05 s instead of socketserver's 0.5 s (tests stop many servers).
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="devserver", daemon=True).start()
    return server


def parse_arguments(argv):
    parser = argparse.ArgumentParser(
        prog="devserver",
        description="Serve one WebAssembly build folder on http://127.0.0.1:PORT/ for the browser.")
    parser.add_argument("folder", nargs="?", help="folder to serve (same as --root)")
    parser.add_argument("--root", help="folder to serve, e.g. build/default")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT}; 0 picks a free one)")
    parser.add_argument("--cors", action="store_true",
                        help="send Access-Control-Allow-Origin: * so that pages on other origins may fetch files")
    parser.add_argument("--no-isolation", action="store_true",
                        help="leave out the COOP/COEP headers (the page then has no SharedArrayBuffer: "
                             "to try the worker's main-thread fallback)")
    parser.add_argument("--quiet", action="store_true", help="do not log each request")
    arguments = parser.parse_args(argv)
    if arguments.folder and arguments.root and arguments.folder != arguments.root:
        parser.error("give the folder once: either as an argument or with --root")
    arguments.root = arguments.root or arguments.folder
    if not arguments.root:
        parser.error("which folder? e.g. devserver.py build/default")
    if not 0 <= arguments.port <= 65535:
        parser.error(f"--port {arguments.port} is not a port number (0-65535)")
    return arguments


def main(argv=None) -> int:
    arguments = parse_arguments(sys.argv[1:] if argv is None else argv)
    root = arguments.root
    if not os.path.isdir(root):
        variant = os.path.basename(os.path.normpath(root))
        sys.stderr.write(f"devserver: error: {root} is not a folder; build it first (scons variant={variant})\n")
        return 2
    try:
        server = DevServer(root, arguments.port, allow_cross_origin=arguments.cors, quiet=arguments.quiet,
                           isolate=not arguments.no_isolation)
    except OSError as error:
        why = "address already in use" if error.errno == errno.EADDRINUSE else error.strerror
        sys.stderr.write(f"devserver: error: cannot listen on {LOOPBACK}:{arguments.port}: {why}; "
                         "choose another one (--port N, or port=N for scons serve)\n")
        return 2
    with server:
        print(f"Serving {root} at {server.url} (Ctrl-C to stop)", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            print("\ndevserver: stopped", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
