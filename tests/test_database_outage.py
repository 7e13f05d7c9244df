"""A database outage answers 503 with Retry-After — a plain page, JSON for the API — never a
500, loses no acknowledged write, and recovers without a restart.

The in-process tests make every query fail (as an unreachable server does). The PostgreSQL test
runs Allied under gunicorn against a TCP proxy it controls, cuts the connection under a bounded
load of reads and writes, restores it, and counts."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest
from django.db import OperationalError, connection
from django.db.backends.utils import CursorWrapper
from django.test import Client

ROOT = Path(__file__).resolve().parents[1]


@contextmanager
def database_down():
    def refuse(*args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

    original = CursorWrapper.execute, CursorWrapper.executemany
    CursorWrapper.execute = CursorWrapper.executemany = refuse  # type: ignore[method-assign]
    try:
        yield
    finally:
        CursorWrapper.execute, CursorWrapper.executemany = original  # type: ignore[method-assign]


@pytest.fixture
def signed_in(world):
    client = Client(raise_request_exception=False)
    client.force_login(world.users["participant"])
    return client


def test_a_page_answers_503_with_retry_after_and_a_page_that_needs_no_database(signed_in):
    with database_down():
        response = signed_in.get("/programmes/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert b"cannot reach its database" in response.content
    assert b"Traceback" not in response.content


def test_the_api_answers_503_in_json(signed_in):
    with database_down():
        response = signed_in.get("/api/v1/programmes")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert "database" in response.json()["detail"]


def test_one_line_is_logged_per_request_not_a_traceback(signed_in, caplog):
    with database_down(), caplog.at_level("WARNING"):
        signed_in.get("/programmes/")
    records = [r for r in caplog.records if r.levelname in {"WARNING", "ERROR"}]
    assert [r.name for r in records] == ["allied.outage"]
    assert records[0].exc_info is None
    assert "GET /programmes/ answered 503" in records[0].getMessage()


def test_a_session_that_cannot_be_saved_during_an_outage_is_503_not_400(
    signed_in, monkeypatch, settings
):
    from django.contrib.sessions.backends.db import SessionStore

    settings.SESSION_SAVE_EVERY_REQUEST = True  # this request saves its session, as some do

    # Django turns a failed session update into "session interrupted" (400) at the response.
    monkeypatch.setattr(SessionStore, "save", lambda self, must_create=False: _update_error())
    response = signed_in.get("/api/v1/programmes")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"


def _update_error():
    from django.contrib.sessions.backends.base import UpdateError

    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        raise UpdateError from None


def test_other_server_errors_stay_500_and_the_api_gets_json(signed_in, monkeypatch):
    from django.contrib.sessions.backends.db import SessionStore

    def boom(*args, **kwargs):
        raise RuntimeError("a bug, not an outage")

    monkeypatch.setattr(SessionStore, "load", boom)
    response = signed_in.get("/api/v1/programmes")
    assert response.status_code == 500
    assert response.json() == {"detail": "Something went wrong on our side."}


def test_health_answers_while_the_database_is_down_and_readiness_does_not(db):
    client = Client(raise_request_exception=False)
    with database_down():
        assert client.get("/healthz").json() == {"status": "ok"}
        ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready.json()["checks"]["database"] == "unreachable"
    assert ready["Retry-After"] == "30"
    again = client.get("/readyz")
    assert again.status_code == 200, again.json()
    assert again.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}


# --- Under gunicorn, on PostgreSQL, with the connection cut by a proxy --------------------


class Proxy:
    """A TCP proxy to the database that the test can cut and restore."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.cut_off = threading.Event()
        self.open: set[socket.socket] = set()
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self.cut_off.is_set():
                client.close()
                continue
            server = socket.create_connection(self.target)
            with self.lock:
                self.open |= {client, server}
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                with suppress(OSError):
                    s.close()

    def cut(self) -> None:
        self.cut_off.set()
        with self.lock:
            for s in self.open:
                with suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
            self.open.clear()

    def restore(self) -> None:
        self.cut_off.clear()

    def close(self) -> None:
        self.cut()
        self.listener.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.skipif(
    "postgres" not in os.environ.get("DATABASE_URL", ""),
    reason="cuts a PostgreSQL connection with a TCP proxy (run with DATABASE_URL=postgres://…)",
)
@pytest.mark.django_db(transaction=True)
def test_cutting_the_database_under_load_gives_no_500_and_loses_no_acknowledged_write(
    world,
):
    from allied.partnerships.models import InformalLog

    client = Client()
    client.force_login(world.users["participant"])
    session = client.cookies["sessionid"].value
    settings_dict = connection.settings_dict
    proxy = Proxy((settings_dict["HOST"] or "127.0.0.1", int(settings_dict["PORT"] or 5432)))
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{settings_dict['USER']}@127.0.0.1:{proxy.port}/"
        f"{settings_dict['NAME']}",
        "DATABASE_CONN_MAX_AGE": "60",
        "REDIS_URL": "redis://127.0.0.1:6379/15",
        "DJANGO_DEBUG": "0",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    server = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
        [sys.executable, "-m", "gunicorn", "config.wsgi", "-b", f"127.0.0.1:{port}",
         "-w", "2", "--threads", "2", "--timeout", "30", "--graceful-timeout", "5"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        _wait_until_ready(port, server)
        results = _load(port, session, proxy)
    finally:
        server.terminate()
        try:
            log = server.communicate(timeout=30)[0]
        except subprocess.TimeoutExpired:
            server.kill()
            log = server.communicate()[0]
        proxy.close()
    statuses = [status for status, _ in results]
    assert 500 not in statuses, log[-3000:]
    refused = [body for status, body in results if status not in {200, 201, 503}]
    assert not refused, (refused[:3], log[-3000:])
    assert statuses.count(503) > 0, "the cut must have been felt"
    assert statuses[-20:].count(503) == 0, "it must recover without a restart"
    acknowledged = [body["id"] for status, body in results if status in {200, 201}]
    assert acknowledged, "writes must have succeeded before and after the cut"
    stored = set(InformalLog.objects.filter(pk__in=acknowledged).values_list("pk", flat=True))
    assert stored == set(acknowledged), "every acknowledged write is in the database"
    print(
        f"outage under load: {len(statuses)} requests, {statuses.count(503)} answered 503, "
        f"0 answered 500, {len(acknowledged)} writes acknowledged, all {len(stored)} stored"
    )
    assert "Traceback" not in log


def _wait_until_ready(port: int, server: subprocess.Popen) -> None:
    import urllib.request

    deadline = time.monotonic() + 120
    last: object = None
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=5) as r:
                if r.status == 200:
                    return
        except OSError as error:
            last = error
            time.sleep(0.3)
    raise AssertionError(f"gunicorn did not become ready: {last!r}")


def _load(port: int, session: str, proxy: Proxy) -> list[tuple[int, dict | None]]:
    """Two threads write informal logs (each write's id is its acknowledgement) at a bounded
    pace: 30 answers with the database up, a 1.5 s cut, then 40 answers after it is restored
    (at most 600 requests and 90 seconds in all)."""
    import urllib.error
    import urllib.request

    results: list[tuple[int, dict | None]] = []
    lock = threading.Lock()
    stop = threading.Event()
    token = "a" * 32
    headers = {
        "Cookie": f"sessionid={session}; csrftoken={token}",
        "X-CSRFToken": token,
        "Content-Type": "application/json",
        "Referer": f"http://127.0.0.1:{port}/",
    }

    def worker(n: int) -> None:
        for i in range(300):
            if stop.is_set():
                return
            body = json.dumps({"held_on": "2031-01-01", "topic": f"Load {n}-{i}", "minutes": 15})
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/api/v1/relationships/informal",
                data=body.encode(),
                headers=headers,
                method="POST",
            )
            try:
                with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                    status, payload = response.status, json.loads(response.read() or b"null")
            except urllib.error.HTTPError as error:
                status, payload = error.code, {"error": error.read().decode()[-1500:]}
            with lock:
                results.append((status, payload))
            time.sleep(0.02)

    def wait_for(count: int, deadline: float) -> None:
        while len(results) < count and time.monotonic() < deadline:
            time.sleep(0.01)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(2)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 90
    wait_for(30, deadline)
    proxy.cut()
    time.sleep(1.5)
    proxy.restore()
    wait_for(len(results) + 40, deadline)
    stop.set()
    for t in threads:
        t.join(timeout=60)
    return results
