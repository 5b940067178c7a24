"""Fault injection: subprocess workers, a real SMTP server, one that hangs, PostgreSQL.

The workers are ``manage.py db_worker`` processes (cms.taskqueue's worker) on
the test database; the tests are transactional so the workers see the rows.
"""

import asyncio
import email
import email.policy
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.db import connection

from tests.idelabbet.conftest import _private_media, ideas_index  # noqa: F401 - fixtures

BASE_DIR = Path(__file__).resolve().parents[2]
SMTP_PORT = 8123
HANGING_SMTP_PORT = 8124


def pytestmark_for_postgresql():
    return [
        pytest.mark.slow,
        pytest.mark.skipif(
            connection.vendor != "postgresql",
            reason="fault injection cuts PostgreSQL connections and runs subprocess workers",
        ),
    ]


class Recorder:
    """An aiosmtpd handler that keeps every message; ``gate`` can hold the 250 reply."""

    def __init__(self):
        self.messages = []
        self.arrived = threading.Event()
        self.gate = threading.Event()
        self.gate.set()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.arrived.set()
        await asyncio.get_running_loop().run_in_executor(None, self.gate.wait, 60)
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 OK"

    def subjects(self, to: str) -> list[str]:
        return [str(m["Subject"]).strip() for m in self.messages if to in str(m["To"])]


@pytest.fixture
def smtp():
    recorder = Recorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=SMTP_PORT)
    controller.start()
    yield recorder
    recorder.gate.set()
    controller.stop()


@pytest.fixture
def hanging_smtp():
    """A mail server that accepts the connection and never says a word."""
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", HANGING_SMTP_PORT))
    server.listen()
    accepted = []

    def accept():
        while True:
            try:
                client, _address = server.accept()
            except OSError:
                return
            accepted.append(client)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield accepted
    server.close()
    for client in accepted:
        client.close()


class Workers:
    def __init__(self, tmp_path):
        self.tmp_path = tmp_path
        self.procs = {}

    def start(self, name, *, smtp_port=SMTP_PORT, email_timeout=20, lease=60):
        db = connection.settings_dict
        url = (
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}?application_name={name}"
        )
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.faults.settings",
            "DATABASE_URL": url,
            "EMAIL_PORT": str(smtp_port),
            "EMAIL_TIMEOUT": str(email_timeout),
            "IDELABBET_EMAIL_LEASE_SECONDS": str(lease),
            "TASKS_WORKER_LEASE_SECONDS": str(lease),
        }
        env.pop("REDIS_URL", None)
        log = open(self.tmp_path / f"{name}.log", "w")  # noqa: SIM115 - closed with the process
        proc = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--queue-name",
                "*",
                "--interval",
                "0.1",
                "--no-startup-delay",
                "--no-reload",
                "--worker-id",
                name,
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.procs[name] = (proc, log)
        return proc

    def log(self, name) -> str:
        return (self.tmp_path / f"{name}.log").read_text()

    def stop_all(self):
        for proc, log in self.procs.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
            log.close()


@pytest.fixture
def workers(tmp_path):
    pool = Workers(tmp_path)
    yield pool
    pool.stop_all()


def wait_for(predicate, *, timeout=60, what=""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what or predicate}")
