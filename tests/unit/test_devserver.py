"""The development server: which paths it serves, with which types, and what it refuses."""

import http.client
import os
import socket
import subprocess
import sys
from http import HTTPStatus

import pytest

from mpbuild import devserver
from mpbuild.devserver import RequestRefused, resolve_request_path

SITE_SCONS = os.path.join(os.path.dirname(__file__), "..", "..", "site_scons")


@pytest.fixture
def site(tmp_path):
    """A build-like folder, with a secret next to it that must never be served."""
    root = tmp_path / "site"
    root.mkdir()
    (root / "index.html").write_text("<!doctype html><title>page</title>")
    (root / "micropython.wasm").write_bytes(b"\0asm\1\0\0\0")
    (root / "micropython.js").write_text("var createMicroPythonModule;")
    (root / "micropython.data").write_bytes(b"\1\2\3")
    (root / "style.css").write_text("body {}")
    (root / "demo.py").write_text("print('hi')\n")
    (root / "sub").mkdir()
    (root / "sub" / "index.html").write_text("sub page")
    (root / "sub" / "with space.py").write_text("x = 1\n")
    (root / "empty").mkdir()
    (tmp_path / "secret.txt").write_text("do not serve")
    return root


@pytest.fixture
def server(site):
    running = devserver.start_in_thread(site, 0, quiet=True)
    yield running
    running.shutdown()
    running.server_close()


def get(server, target, method="GET"):
    host, port = server.server_address[:2]
    connection = http.client.HTTPConnection(host, port, timeout=10)
    try:
        # skip_host/accept_encoding: send the target exactly as given.
        connection.putrequest(method, target, skip_host=True, skip_accept_encoding=True)
        connection.putheader("Host", f"{host}:{port}")
        connection.endheaders()
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def raw_exchange(server, payload):
    """Send bytes as they are (possibly not HTTP at all); return what came back."""
    with socket.create_connection(server.server_address[:2], timeout=10) as connection:
        connection.sendall(payload)
        connection.shutdown(socket.SHUT_WR)
        chunks = []
        while chunk := connection.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


# --- resolve_request_path (no sockets) ----------------------------------------------------

@pytest.mark.parametrize("target, expected", [
    ("/", "index.html"),
    ("/index.html", "index.html"),
    ("/micropython.wasm?v=2#frag", "micropython.wasm"),
    ("/sub/", "sub/index.html"),
    ("/sub/with%20space.py", "sub/with space.py"),
    ("/./demo.py", "demo.py"),
    ("http://127.0.0.1:8000/demo.py", "demo.py"),  # absolute-form request target
])
def test_resolves_files_inside_the_folder(site, target, expected):
    assert resolve_request_path(site, target) == (site / expected).resolve()


@pytest.mark.parametrize("target", [
    "/../secret.txt",
    "/sub/../../secret.txt",
    "/%2e%2e/secret.txt",
    "/%2E%2E/secret.txt",
    "/sub/%2e%2e%2f%2e%2e%2fsecret.txt",
    "/..%2fsecret.txt",
    "/..%5csecret.txt",
    "//etc/passwd",
    "/%2fetc/passwd",
    "/demo.py%00.html",
])
def test_refuses_ways_out_of_the_folder(site, target):
    with pytest.raises(RequestRefused) as refused:
        resolve_request_path(site, target)
    assert refused.value.status == HTTPStatus.FORBIDDEN


def test_doubly_encoded_dots_are_a_plain_missing_name(site):
    with pytest.raises(RequestRefused) as refused:
        resolve_request_path(site, "/%252e%252e/secret.txt")
    assert refused.value.status == HTTPStatus.NOT_FOUND


def test_refuses_a_symbolic_link_that_leads_outside(site):
    (site / "escape").symlink_to(site.parent / "secret.txt")
    with pytest.raises(RequestRefused) as refused:
        resolve_request_path(site, "/escape")
    assert refused.value.status == HTTPStatus.FORBIDDEN


@pytest.mark.parametrize("target, status", [
    ("/missing.js", HTTPStatus.NOT_FOUND),
    ("/empty/", HTTPStatus.NOT_FOUND),
    ("*", HTTPStatus.BAD_REQUEST),
    ("demo.py", HTTPStatus.BAD_REQUEST),
    ("/%ff%fe.py", HTTPStatus.BAD_REQUEST),
])
def test_other_refusals(site, target, status):
    with pytest.raises(RequestRefused) as refused:
        resolve_request_path(site, target)
    assert refused.value.status == status


def test_a_folder_without_its_slash_redirects_keeping_the_query(site):
    with pytest.raises(RequestRefused) as refused:
        resolve_request_path(site, "/sub?demo.py")
    assert refused.value.status == HTTPStatus.MOVED_PERMANENTLY
    assert refused.value.location == "/sub/?demo.py"


@pytest.mark.parametrize("name, expected", [
    ("micropython.wasm", "application/wasm"),
    ("micropython.js", "text/javascript; charset=utf-8"),
    ("micropython.data", "application/octet-stream"),
    ("style.css", "text/css; charset=utf-8"),
    ("demo.py", "text/plain; charset=utf-8"),
    ("index.html", "text/html; charset=utf-8"),
    ("UPPER.WASM", "application/wasm"),
    ("no_suffix", "application/octet-stream"),
])
def test_content_types(name, expected):
    assert devserver.content_type_for(name) == expected


# --- over HTTP -----------------------------------------------------------------------------

def test_serves_files_with_their_types_and_no_caching(server, site):
    status, headers, body = get(server, "/micropython.wasm")
    assert status == 200
    assert headers["Content-Type"] == "application/wasm"
    assert headers["Content-Length"] == str(len(body))
    assert headers["Cache-Control"] == "no-store"
    assert "Access-Control-Allow-Origin" not in headers
    assert body == (site / "micropython.wasm").read_bytes()
    assert get(server, "/demo.py")[1]["Content-Type"] == "text/plain; charset=utf-8"
    assert get(server, "/")[2] == (site / "index.html").read_bytes()


def test_head_sends_headers_only(server):
    status, headers, body = get(server, "/micropython.js", method="HEAD")
    assert status == 200 and body == b"" and int(headers["Content-Length"]) > 0


@pytest.mark.parametrize("target", ["/../secret.txt", "/%2e%2e/secret.txt", "/%2e%2e%2fsecret.txt", "//etc/passwd"])
def test_traversal_over_http_is_refused(server, target):
    status, _headers, body = get(server, target)
    assert status in (403, 404)
    assert b"do not serve" not in body


def test_missing_file_is_404_and_other_methods_are_refused(server):
    assert get(server, "/nope.js")[0] == 404
    assert get(server, "/index.html", method="POST")[0] == 501
    assert get(server, "/index.html", method="DELETE")[0] == 501


def test_survives_malformed_requests(server):
    replies = [
        raw_exchange(server, b"\x00\xff garbage \r\n\r\n"),
        raw_exchange(server, b"GET\r\n\r\n"),
        raw_exchange(server, b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\n\r\n"),
        raw_exchange(server, b"GET / HTTP/9.9\r\n\r\n"),
        raw_exchange(server, b""),
    ]
    # Requests without a valid version get an HTTP/0.9-style reply: the error page alone.
    assert all(reply == b"" or reply.startswith(b"HTTP/") or b"Error response" in reply for reply in replies)
    assert b"414" in replies[2].split(b"\r\n")[0]
    assert get(server, "/index.html")[0] == 200  # still serving


def test_cross_origin_header_on_request(site):
    running = devserver.start_in_thread(site, 0, quiet=True, allow_cross_origin=True)
    try:
        headers = get(running, "/demo.py")[1]
        # (and an isolated page on another origin may load its files)
        assert (headers["Access-Control-Allow-Origin"], headers["Cross-Origin-Resource-Policy"]) == ("*", "cross-origin")
    finally:
        running.shutdown()
        running.server_close()


def test_pages_are_cross_origin_isolated_unless_asked_not_to_be(server, site):
    # COOP/COEP give pages SharedArrayBuffer (the worker's Stop and input()).
    headers = get(server, "/index.html")[1]
    assert (headers["Cross-Origin-Opener-Policy"], headers["Cross-Origin-Embedder-Policy"]) == ("same-origin", "require-corp")
    assert "Cross-Origin-Resource-Policy" not in headers
    plain = devserver.start_in_thread(site, 0, quiet=True, isolate=False)
    try:
        headers = get(plain, "/index.html")[1]
        assert "Cross-Origin-Opener-Policy" not in headers and "Cross-Origin-Embedder-Policy" not in headers
    finally:
        plain.shutdown()
        plain.server_close()
    assert devserver.parse_arguments([str(site), "--no-isolation"]).no_isolation is True


def test_listens_on_loopback_only(server):
    assert server.server_address[0] == "127.0.0.1"
    assert server.url == f"http://127.0.0.1:{server.server_address[1]}/"


# --- command line ---------------------------------------------------------------------------

def test_command_line_accepts_a_folder_or_root(site):
    assert devserver.parse_arguments([str(site)]).root == str(site)
    arguments = devserver.parse_arguments(["--root", str(site), "--port", "0", "--cors"])
    assert (arguments.root, arguments.port, arguments.cors) == (str(site), 0, True)


@pytest.mark.parametrize("argv", [[], ["a", "--root", "b"], ["--root", "x", "--port", "70000"]])
def test_command_line_rejects_bad_arguments(argv):
    with pytest.raises(SystemExit) as stopped:
        devserver.parse_arguments(argv)
    assert stopped.value.code == 2


def test_missing_folder_is_one_line_error(tmp_path, capsys):
    assert devserver.main([str(tmp_path / "build" / "nosuch")]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "scons variant=nosuch" in error


def test_busy_port_is_one_line_error(server, site, capsys):
    assert devserver.main(["--root", str(site), "--port", str(server.server_address[1])]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "--port" in error


def test_runs_as_a_script(site):
    """python3 site_scons/mpbuild/devserver.py FOLDER works without site_scons on sys.path."""
    script = os.path.join(SITE_SCONS, "mpbuild", "devserver.py")
    process = subprocess.Popen([sys.executable, script, str(site), "--port", "0", "--quiet"],
                               stdout=subprocess.PIPE, text=True)
    try:
        banner = process.stdout.readline()
        assert banner.startswith(f"Serving {site} at http://127.0.0.1:")
        port = int(banner.split("127.0.0.1:")[1].split("/")[0])
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", "/demo.py")
        assert connection.getresponse().read() == b"print('hi')\n"
        connection.close()
    finally:
        process.terminate()
        process.wait(timeout=10)
