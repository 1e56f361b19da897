"""The development server under hostile use: ways out of the folder, malformed requests, load.

tests/unit/test_devserver.py covers the ordinary behaviour; this file throws
at a running server what a hostile page or a confused client might send, over
raw sockets, and checks that nothing outside the served folder ever comes
back, that the server keeps answering, and that it listens on loopback only.
"""

import concurrent.futures
import http.client
import os
import socket
import subprocess
import sys
import threading
import time

import pytest

from mpbuild import devserver

SECRET = b"secret-outside-the-served-folder"
REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    base = tmp_path_factory.mktemp("hardening")
    root = base / "build" / "default"
    root.mkdir(parents=True)
    (root / "index.html").write_bytes(b"<!doctype html><title>page</title>")
    (root / "micropython.wasm").write_bytes(b"\0asm\1\0\0\0" * 4096)
    (root / "sub").mkdir()
    (root / "sub" / "page.py").write_text("print('hi')\n")
    (root / "outside-link").symlink_to(base / "secret.txt")
    (base / "secret.txt").write_bytes(SECRET)
    (base / "build" / "secret.txt").write_bytes(SECRET)
    return root


@pytest.fixture(scope="module")
def server(site):
    running = devserver.start_in_thread(site, 0, quiet=True)
    yield running
    running.shutdown()
    running.server_close()


def raw_exchange(server, data, read_timeout=10, close_write=True):
    """Send raw bytes on a fresh connection; return what the server answers (until it closes)."""
    with socket.create_connection(server.server_address[:2], timeout=read_timeout) as connection:
        connection.sendall(data)
        if close_write:
            connection.shutdown(socket.SHUT_WR)
        chunks = []
        try:
            while True:
                chunk = connection.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
        except (ConnectionResetError, socket.timeout):
            pass
        return b"".join(chunks)


def status_of(answer):
    first = answer.split(b"\r\n", 1)[0].split()
    return int(first[1]) if len(first) >= 2 and first[1].isdigit() else None


def get(server, target="/index.html"):
    connection = http.client.HTTPConnection(*server.server_address[:2], timeout=20)
    try:
        connection.putrequest("GET", target, skip_host=True, skip_accept_encoding=True)
        connection.putheader("Host", "127.0.0.1")
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def assert_still_serving(server):
    assert get(server) == (200, b"<!doctype html><title>page</title>")


TRAVERSALS = [
    "/../secret.txt", "/../../secret.txt", "/sub/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt",
    "/..%2fsecret.txt", "/..%2Fsecret.txt", "/%2e%2e%2fsecret.txt", "/sub/%2e%2e/%2e%2e/secret.txt",
    "/.%2e/secret.txt", "/%2e./secret.txt", "/..%5csecret.txt", "/..\\secret.txt", "/%5c..%5csecret.txt",
    "/%c0%ae%c0%ae/secret.txt", "/%e0%80%ae%e0%80%ae/secret.txt", "/..%00/secret.txt", "/%00../secret.txt",
    "//secret.txt", "//etc/passwd", "/%2f%2fetc/passwd", "/%2fetc/passwd", "/etc/passwd", "/" + "../" * 20 + "etc/passwd",
    "/./../secret.txt", "/sub/./../.././secret.txt", "/....//secret.txt", "/..;/secret.txt",
    "/outside-link", "/outside-link/", "/%2e%2e", "/..", "/sub/..%2f..%2fsecret.txt",
    "http://127.0.0.1/../secret.txt", "http://evil.example/../../secret.txt", "file:///etc/passwd",
    "/%252e%252e/secret.txt", "/%%32%65%%32%65/secret.txt", "/..%u2216secret.txt", "/\u2025/secret.txt",
    "/%ef%bc%8e%ef%bc%8e/secret.txt", "*", "secret.txt", "../secret.txt",
]


@pytest.mark.parametrize("target", TRAVERSALS)
def test_no_way_out_of_the_folder(server, target):
    request = f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode("utf-8", "surrogatepass")
    answer = raw_exchange(server, request)
    assert SECRET not in answer and b"root:" not in answer
    assert status_of(answer) in (301, 400, 403, 404), answer[:200]


def test_absolute_paths_of_real_files_are_refused(server, site):
    for target in (str(site / "index.html"), "/" + str(site / "index.html"), str(site.parent / "secret.txt")):
        status, body = get(server, target)
        assert SECRET not in body
        assert status in (400, 403, 404)


MALFORMED = [
    b"", b"\r\n", b"\r\n\r\n", b"GET\r\n\r\n", b"GET /\r\n\r\n", b"GET / HTTP/9.9\r\n\r\n", b"GET / FOO/1.1\r\n\r\n",
    b"BREW /index.html HTTP/1.1\r\n\r\n", b"GET /index.html HTTP/1.1\r\nHost\r\n\r\n", b"\x00\x01\x02\xff" * 100,
    b"GET /index.html HTTP/1.1\r\n" + b"X-Long: " + b"a" * 70000 + b"\r\n\r\n",
    b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\n\r\n",
    b"GET /index.html HTTP/1.1\r\n" + b"".join(b"X-%d: y\r\n" % i for i in range(300)) + b"\r\n",
    b"POST /index.html HTTP/1.1\r\nContent-Length: -1\r\n\r\n", b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
    b"GET /index.html HTTP/1.1\r\nHost: a\r\n", b"GET /index.html HTTP/1.0\n\n", b"GET /%ff%fe HTTP/1.1\r\n\r\n",
    b"GET /index.html?%00=%ff HTTP/1.1\r\n\r\n", b"GET /index.html#frag HTTP/1.1\r\n\r\n",
    b"GET /\xc3\x28 HTTP/1.1\r\n\r\n", b"GET / HTTP/1.1\r\nHost: \xff\xfe\r\n\r\n", b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",
    b"GET /index.html HTTP/1.1\r\nRange: bytes=-1,0-\r\n\r\n", b"HEAD /micropython.wasm HTTP/1.1\r\n\r\n",
    b"OPTIONS * HTTP/1.1\r\n\r\n", b"GET  /index.html  HTTP/1.1\r\n\r\n", b"GET /index.html HTTP/1.1 extra\r\n\r\n",
]


@pytest.mark.parametrize("request_bytes", MALFORMED, ids=range(len(MALFORMED)))
def test_survives_malformed_requests(server, request_bytes):
    answer = raw_exchange(server, request_bytes)
    assert SECRET not in answer
    if answer:
        assert answer.startswith(b"HTTP/") or answer.startswith(b"<"), answer[:100]
    assert_still_serving(server)


def test_clients_that_stall_or_vanish_do_not_block_others(server):
    stalled = []
    try:
        for index in range(30):
            connection = socket.create_connection(server.server_address[:2], timeout=10)
            connection.sendall(b"GET /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"x" * index)
            stalled.append(connection)
        for _ in range(10):  # half a request, then gone
            with socket.create_connection(server.server_address[:2], timeout=10) as connection:
                connection.sendall(b"GET /micropython.wasm HTT")
        with socket.create_connection(server.server_address[:2], timeout=10) as connection:
            # A client that asks for a large file and disconnects without reading it.
            connection.sendall(b"GET /micropython.wasm HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        started = time.monotonic()
        assert_still_serving(server)
        assert time.monotonic() - started < 5
    finally:
        for connection in stalled:
            connection.close()


def test_a_burst_of_concurrent_clients_gets_every_file(server):
    expected = {"/index.html": b"<!doctype html><title>page</title>", "/micropython.wasm": b"\0asm\1\0\0\0" * 4096,
                "/sub/page.py": b"print('hi')\n"}
    targets = list(expected) * 100  # 300 requests, up to 64 at a time

    with concurrent.futures.ThreadPoolExecutor(max_workers=64) as pool:
        results = list(pool.map(lambda target: (target, get(server, target)), targets))
    failures = [(target, status) for target, (status, body) in results if (status, body) != (200, expected[target])]
    assert failures == []
    mixed = [b"GET /../secret.txt HTTP/1.1\r\n\r\n", b"\x00garbage\r\n\r\n", b"GET /index.html HTTP/1.1\r\n\r\n"] * 40
    with concurrent.futures.ThreadPoolExecutor(max_workers=40) as pool:
        answers = list(pool.map(lambda data: raw_exchange(server, data), mixed))
    assert not any(SECRET in answer for answer in answers)
    assert_still_serving(server)
    # Threads of finished connections do not pile up.
    deadline = time.monotonic() + 10
    while threading.active_count() > 20 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert threading.active_count() <= 20


def other_local_address():
    """An address of this machine that is not loopback, or None."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))  # no packet is sent: this only picks a route
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


def test_listens_on_loopback_only(server):
    assert server.server_address[0] == "127.0.0.1"
    address = other_local_address()
    if address is None:
        pytest.skip("this machine has no non-loopback address to try")
    with pytest.raises(OSError):
        socket.create_connection((address, server.server_address[1]), timeout=3).close()


def test_command_line_server_refuses_ways_out(site):
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    process = subprocess.Popen([sys.executable, os.path.join(REPO, "site_scons", "mpbuild", "devserver.py"),
                                str(site), "--port", str(port), "--quiet"], stdout=subprocess.PIPE, text=True)
    try:
        assert "Serving" in process.stdout.readline()
        server = type("Running", (), {"server_address": ("127.0.0.1", port)})()
        for target in ("/../secret.txt", "/%2e%2e/secret.txt", "//secret.txt", "/outside-link"):
            answer = raw_exchange(server, f"GET {target} HTTP/1.1\r\n\r\n".encode())
            assert SECRET not in answer and status_of(answer) in (400, 403, 404)
        assert_still_serving(server)
    finally:
        process.terminate()
        process.wait(timeout=10)
