"""Fault benchmark (issue 23): submissions while the workers die; the backlog after an outage.

    .venv/bin/python tests/benchmarks/faults.py --pg postgres://postgres@127.0.0.1:5432/h23

Served as the Procfile serves it: gunicorn (3 workers, production settings over
loopback, tests/benchmarks/fault_settings.py), two ``db_worker`` processes, a
clock that enqueues the sweeps every ``--sweep-every`` seconds (as
cms/schedule.py does every minute), PostgreSQL, and a real SMTP server
(aiosmtpd, in this process) that records every message.

1. ``--clients`` clients submit ``--ideas`` ideas through the real form while
   both workers are killed with SIGKILL twice (each restarted after a second,
   as a process manager does). Then: every idea stored once, every outbox row
   sent, every message (receipt, moderator notification) received once.
2. The workers stop for ``--outage`` seconds while the clients keep
   submitting (as many as they can in that time); then two workers start, and
   the time until every email is sent and the queue is empty is the drain time.

The database named in ``--pg`` is emptied (schema dropped) and migrated.
"""

from __future__ import annotations

import argparse
import email
import email.policy
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PY = sys.executable
SETTINGS = "tests.benchmarks.fault_settings"


def log(line: str) -> None:
    sys.stderr.write(f"[{datetime.now():%H:%M:%S}] {line}\n")
    sys.stderr.flush()


class Mailbox:
    def __init__(self):
        self.messages: list = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            for rcpt in envelope.rcpt_tos:
                self.messages.append((rcpt, str(message["Subject"]).strip()))
        return "250 OK"


class Run:
    def __init__(self, args):
        self.args = args
        self.env = {
            **os.environ,
            "DATABASE_URL": args.pg,
            "DJANGO_SETTINGS_MODULE": SETTINGS,
            "EMAIL_PORT": str(args.smtp_port),
            "PYTHONPATH": str(ROOT),
            "BENCH_STATIC_ROOT": "/tmp/h23-fault-bench-static",
        }
        self.env.pop("REDIS_URL", None)
        self.workers: list[subprocess.Popen] = []
        self.logdir = Path(args.logdir)
        self.logdir.mkdir(parents=True, exist_ok=True)

    def manage(self, *cmd: str) -> str:
        out = subprocess.run(
            [PY, "manage.py", *cmd], cwd=ROOT, env=self.env, capture_output=True, text=True
        )
        if out.returncode:
            raise SystemExit(f"{cmd} failed:\n{out.stdout}\n{out.stderr}")
        return out.stdout

    def sql(self, query: str) -> str:
        out = subprocess.run(
            ["psql", self.args.pg, "-At", "-c", query], capture_output=True, text=True, check=True
        )
        return out.stdout.strip()

    def prepare(self) -> None:
        log("emptying and migrating the database")
        self.sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
        self.manage("migrate", "--noinput", "-v0")
        self.manage("setup_municipalities")
        self.manage("load_demo", "--allow-production")
        self.manage("collectstatic", "--noinput", "-v0")
        # Only what the benchmark causes is counted: the demo's mail is done.
        self.sql("DELETE FROM django_tasks_database_dbtaskresult")
        self.sql("UPDATE cms_workflowemail SET sent_at = now() WHERE sent_at IS NULL")

    def start_worker(self, n: int) -> subprocess.Popen:
        logfile = open(self.logdir / f"worker-{n}-{len(self.workers)}.log", "w")  # noqa: SIM115
        proc = subprocess.Popen(
            [PY, "manage.py", "db_worker", "--queue-name", "*", "--no-reload"],
            cwd=ROOT,
            env=self.env,
            stdout=logfile,
            stderr=subprocess.STDOUT,
        )
        self.workers.append(proc)
        return proc

    def kill_workers(self) -> None:
        for proc in self.workers:
            if proc.poll() is None:
                proc.kill()
                proc.wait()

    def serve(self) -> subprocess.Popen:
        import requests

        server = subprocess.Popen(
            [
                str(Path(PY).parent / "gunicorn"),
                "tests.benchmarks.fault_wsgi:application",
                "--bind",
                f"127.0.0.1:{self.args.port}",
                "--workers",
                "3",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=self.env,
            start_new_session=True,
        )
        for _ in range(300):
            try:
                if requests.get(self.url("/halsa/"), timeout=2).status_code == 200:
                    return server
            except requests.RequestException:
                pass
            time.sleep(0.1)
        raise SystemExit("gunicorn did not start")

    def clock(self, stop: threading.Event) -> None:
        """Enqueue the four sweeps now and then, as the product's clock does every minute."""
        code = (
            "import django; django.setup()\n"
            "from idelabbet.tasks.emails import emails_sweep\n"
            "from search.tasks import catalog_sweep\n"
            "from forum.tasks import mailings_sweep\n"
            "from cms.tasks import tasks_reclaim\n"
            "for t in (emails_sweep, catalog_sweep, mailings_sweep, tasks_reclaim): t.enqueue()\n"
        )
        while not stop.wait(self.args.sweep_every):
            subprocess.run([PY, "-c", code], cwd=ROOT, env=self.env, check=False)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.args.port}{path}"

    def submit(self, tag: str, clients: int, per_client: int, *, until: float = 0) -> Counter:
        """Each client submits ``per_client`` ideas, or as many as it can before ``until``."""
        import requests

        statuses: Counter = Counter()
        lock = threading.Lock()

        def client(number: int) -> None:
            session = requests.Session()
            session.headers["Host"] = "localhost"
            for i in range(per_client if not until else 10**6):
                if until and time.perf_counter() >= until:
                    return
                form = session.get(self.url("/idelabbet/skicka-in/"), timeout=120)
                csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
                key = re.search(r'name="form_key" value="([^"]+)"', form.text)
                if not (csrf and key):
                    with lock:
                        statuses[f"form {form.status_code}"] += 1
                    continue
                data = {
                    "csrfmiddlewaretoken": csrf.group(1),
                    "form_key": key.group(1),
                    "title": f"Feltest {tag} {number}-{i}",
                    "summary": "Vi vill ordna en öppen aktivitet för alla på öarna.",
                    "theme": "gemenskap",
                    "name": f"Klient {number}",
                    "email": f"{tag}.{number}.{i}@example.se",
                    "phone": "",
                    "consent": "on",
                    "webbplats": "",
                    "med-TOTAL_FORMS": "3",
                    "med-INITIAL_FORMS": "0",
                    "med-MIN_NUM_FORMS": "0",
                    "med-MAX_NUM_FORMS": "10",
                }
                response = session.post(
                    self.url("/idelabbet/skicka-in/"), data=data, allow_redirects=True, timeout=120
                )
                ok = response.status_code == 200 and "Tack" in response.text
                with lock:
                    statuses["confirmed" if ok else str(response.status_code)] += 1

        threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return statuses

    def pending(self) -> dict:
        row = self.sql(
            "SELECT "
            "(SELECT count(*) FROM idelabbet_outgoingemail WHERE sent_at IS NULL), "
            "(SELECT count(*) FROM cms_workflowemail WHERE sent_at IS NULL), "
            "(SELECT count(*) FROM django_tasks_database_dbtaskresult "
            " WHERE status IN ('READY','RUNNING') AND task_path NOT LIKE '%%sweep' "
            " AND task_path NOT LIKE '%%reclaim'), "
            "(SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'FAILED')"
        )
        emails, workflow, queued, failed = (int(x) for x in row.split("|"))
        return {"emails": emails, "workflow": workflow, "queued": queued, "failed": failed}

    def wait_drained(self, timeout: float) -> float:
        started = time.perf_counter()
        while time.perf_counter() - started < timeout:
            p = self.pending()
            if p["emails"] == 0 and p["workflow"] == 0 and p["queued"] == 0:
                return time.perf_counter() - started
            time.sleep(0.5)
        raise SystemExit(f"not drained after {timeout}s: {self.pending()}")

    def stored(self, tag: str) -> dict:
        row = self.sql(
            "SELECT count(*), count(DISTINCT s.email) FROM idelabbet_ideasubmission s "
            f"WHERE s.email LIKE '{tag}.%%'"
        )
        stored, distinct = (int(x) for x in row.split("|"))
        return {"stored": stored, "distinct": distinct}

    def main(self) -> dict:
        from aiosmtpd.controller import Controller

        mailbox = Mailbox()
        smtp = Controller(mailbox, hostname="127.0.0.1", port=self.args.smtp_port)
        smtp.start()
        self.prepare()
        server = self.serve()
        stop = threading.Event()
        clock = threading.Thread(target=self.clock, args=(stop,), daemon=True)
        clock.start()
        result: dict = {}
        try:
            if self.args.only_outage:
                result["outage"] = self.outage(mailbox)
                return result
            # 1. Submissions while the workers are killed twice.
            self.start_worker(1)
            self.start_worker(2)
            tag = f"kill{uuid.uuid4().hex[:6]}"
            per_client = self.args.ideas // self.args.clients
            kills = []

            def killer() -> None:
                for delay in (self.args.kill_after, self.args.kill_after):
                    time.sleep(delay)
                    log("killing both workers (SIGKILL)")
                    kills.append(self.pending())
                    self.kill_workers()
                    time.sleep(1)
                    self.start_worker(1)
                    self.start_worker(2)

            killing = threading.Thread(target=killer)
            started = time.perf_counter()
            killing.start()
            statuses = self.submit(tag, self.args.clients, per_client)
            wall = time.perf_counter() - started
            killing.join()
            log(f"submitted in {wall:.0f}s: {dict(statuses)}; draining")
            drain = self.wait_drained(self.args.drain_timeout)
            mail = Counter(m for m in mailbox.messages)
            receipts = [
                (to, s) for (to, s) in mailbox.messages if to.startswith(tag) and "Tack" in s
            ]
            moderator_mail = [
                (to, s) for (to, s) in mailbox.messages if tag in s and "Tack" not in s
            ]
            result["kills"] = {
                "ideas": per_client * self.args.clients,
                "clients": self.args.clients,
                "statuses": dict(statuses),
                "submit_wall_s": round(wall, 1),
                "pending_at_kills": kills,
                "drain_after_submissions_s": round(drain, 1),
                **self.stored(tag),
                "receipts": len(receipts),
                "receipt_addresses": len({to for to, _s in receipts}),
                "moderator_messages": len(moderator_mail),
                "duplicate_messages": sum(n - 1 for n in mail.values() if n > 1),
                "unsent_rows": self.pending(),
                "reclaimed_log_lines": self.count_logs("togs tillbaka"),
            }
            log(f"  {result['kills']}")

            self.kill_workers()
            result["outage"] = self.outage(mailbox)
        finally:
            stop.set()
            self.kill_workers()
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
            smtp.stop()
        return result

    def outage(self, mailbox: Mailbox) -> dict:
        """2. The workers are down for --outage seconds while the clients keep submitting."""
        self.kill_workers()
        tag = f"out{uuid.uuid4().hex[:6]}"
        started = time.perf_counter()
        statuses = self.submit(tag, self.args.clients, 0, until=started + self.args.outage)
        remaining = self.args.outage - (time.perf_counter() - started)
        if remaining > 0:
            time.sleep(remaining)
        backlog = self.pending()
        outage = time.perf_counter() - started
        log(f"outage {outage:.0f}s, backlog {backlog}; starting two workers")
        self.start_worker(1)
        self.start_worker(2)
        drain = self.wait_drained(self.args.drain_timeout)
        receipts = [(to, s) for (to, s) in mailbox.messages if to.startswith(tag)]
        mail = Counter(m for m in mailbox.messages)
        result = {
            "outage_s": round(outage, 1),
            "statuses": dict(statuses),
            "backlog": backlog,
            "drain_s": round(drain, 1),
            **self.stored(tag),
            "receipts": len(receipts),
            "duplicate_messages": sum(n - 1 for n in mail.values() if n > 1),
            "failed_tasks": self.pending()["failed"],
        }
        log(f"  {result}")
        return result

    def count_logs(self, needle: str) -> int:
        return sum(p.read_text(errors="replace").count(needle) for p in self.logdir.glob("*.log"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pg", required=True, help="database URL (emptied!)")
    parser.add_argument("--port", type=int, default=8126)
    parser.add_argument("--smtp-port", type=int, default=8125)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--ideas", type=int, default=400)
    parser.add_argument("--kill-after", type=float, default=15, help="seconds between kills")
    parser.add_argument("--outage", type=float, default=60)
    parser.add_argument(
        "--only-outage", action="store_true", help="skip item 1 (the kills), run item 2 only"
    )
    parser.add_argument("--sweep-every", type=float, default=60)
    parser.add_argument("--drain-timeout", type=float, default=600)
    parser.add_argument("--logdir", default="/tmp/h23-fault-bench")
    args = parser.parse_args()
    result = Run(args).main()
    sys.stdout.write(json.dumps(result, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
