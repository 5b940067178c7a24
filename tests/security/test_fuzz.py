"""Fuzz: thousands of generated hostile inputs against the public forms and the search.

A seeded generator (``FUZZ_SEED=<n>`` repeats a run; the seed is printed and
in every failure message) sends at least 2,000 inputs per run: SQL and
full-text query syntax, markup and script, format strings, control and NUL
characters, right-to-left and zero-width characters, very long values,
malformed numbers and unknown parameters, to the idea form, the offer form,
the status pages, the forum registration and the search of both sites.

Asserted: no 5xx answer; no input reflected as live markup; every HTML page
under the Content-Security-Policy; and nothing stored that should not be
(the honeypot stores nothing, the rate limit holds, stored rows hold no NUL
and only valid addresses and choices). Runs on SQLite and PostgreSQL in the
normal suite, in well under two minutes.
"""

import os
import random
import string
import sys
import time
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.test import Client
from django.urls import reverse

from forum.models import Registration, Sector
from idelabbet.models import IdeaSubmission, ParticipationOffer
from tests.forum.conftest import add_meeting, path_of
from tests.idelabbet.conftest import idea_data, publish, submit

pytestmark = pytest.mark.django_db

RUNS = {"search": 900, "idea": 450, "offer": 200, "registration": 200, "status": 250}
MARKUP = "<script>fuzz()</script>"
ATTRIBUTE = '"><img src=x onerror=fuzz()>'
ATOMS = [
    MARKUP,
    ATTRIBUTE,
    "' OR '1'='1",
    "'; DROP TABLE idelabbet_ideasubmission; --",
    '" OR ""="',
    "1' UNION SELECT password FROM auth_user --",
    "%s%s%s%n",
    "{0}{1}{__class__}",
    "{{ request.user }}",
    "{% debug %}",
    "../../../../etc/passwd",
    "\x00",
    "a\x00b",
    "\r\nSet-Cookie: x=1",
    "\u202e\u200b\ufeff",
    "😀👩‍👩‍👧",
    "Ω≈ç√∫˜µ≤≥÷",
    "NEAR(a b)",
    'förening* OR "',
    "((((",
    "-",
    "---",
    '""',
    "*",
    "^",
    ":",
    "title:x",
    "a AND NOT b",
    "\\",
    "%00",
    "%27",
    "javascript:fuzz()",
    "data:text/html,<b>x</b>",
    "\udcff",
    "ÅÄÖåäö" * 3,
    "9" * 40,
    "-1",
    "1e309",
    "NaN",
    "\t\n\x0b\x0c",
    "<!--",
    "]]>",
    "${jndi:ldap://x}",
]


class Generator:
    def __init__(self, seed: int):
        self.random = random.Random(seed)

    def text(self, *, max_len: int = 120) -> str:
        r = self.random
        choice = r.random()
        if choice < 0.45:
            return "".join(r.choice(ATOMS) for _ in range(r.randint(1, 3)))
        if choice < 0.6:
            return "".join(chr(r.randint(1, 0x2FFF)) for _ in range(r.randint(1, max_len)))
        if choice < 0.7:
            return r.choice(string.printable) * r.randint(300, 4_000)
        if choice < 0.85:
            words = ["förening", "idé", "Ekerö", "språkcafé", MARKUP, "möbler", "-", "OR"]
            return " ".join(r.choice(words) for _ in range(r.randint(1, 8)))
        return "".join(r.choice(string.punctuation + " ") for _ in range(r.randint(1, 30)))

    def maybe(self, value, hostile_share: float = 0.5):
        return self.text() if self.random.random() < hostile_share else value


def _clean(value: str) -> str:
    # What the client can send at all: lone surrogates cannot be encoded as UTF-8.
    return value.encode("utf-8", "replace").decode("utf-8")


def _check(response, seed: int, what: str) -> None:
    status = response.status_code
    assert status < 500, f"seed {seed}: {what} answered {status}"
    content_type = response.get("Content-Type", "")
    if "text/html" in content_type and status != 302:
        body = response.content.decode("utf-8", "replace")
        assert "<script>fuzz()" not in body, f"seed {seed}: {what} reflected a script"
        assert "<img src=x onerror=fuzz()>" not in body, f"seed {seed}: {what} reflected markup"
        assert "Content-Security-Policy" in response, f"seed {seed}: {what} has no CSP"


def _lap(name: str, started):
    now = time.perf_counter()
    if started is not None:
        sys.stdout.write(f"  {now - started[1]:.1f} s {started[0]}\n")
    return (name, now)


@pytest.fixture
def seed():
    value = int(os.environ.get("FUZZ_SEED") or random.SystemRandom().randrange(1, 2**31))
    sys.stdout.write(f"\nFUZZ_SEED={value}\n")
    return value


@pytest.fixture
def targets(ideas_index, forum_index):
    published = publish(submit(ideas_index))
    meeting = add_meeting(forum_index, days=14, registration_cap=100_000)
    return {"idea": published, "meeting": meeting}


def test_hostile_inputs_never_break_the_site_or_store_what_they_should_not(
    seed, targets, ideas_index
):
    gen = Generator(seed)
    client = Client(raise_request_exception=False)
    ekero = {"HTTP_HOST": "localhost", "REMOTE_ADDR": "203.0.113.5"}
    jonkoping = {"HTTP_HOST": "jonkoping.localhost", "REMOTE_ADDR": "203.0.113.5"}
    sent = 0
    started = None
    honeypot_titles = set()
    submissions_before = IdeaSubmission.objects.count()
    offers_before = ParticipationOffer.objects.count()

    started = _lap("search", started)
    for _ in range(RUNS["search"]):
        params = {"q": _clean(gen.text())}
        for name in gen.random.sample(["sort", "page", "kind", "site", "year", "theme", "x"], 2):
            params[name] = _clean(gen.text(max_len=20))
        host = ekero if gen.random.random() < 0.6 else jonkoping
        _check(client.get("/sok/", params, **host), seed, f"search {params!r}"[:300])
        sent += 1

    started = _lap("idea", started)
    for _ in range(RUNS["idea"]):
        data = idea_data()
        for name, value in list(data.items()):
            if name in ("form_key", "webbplats") or not isinstance(value, str):
                continue
            if name.startswith("med-") and not name.endswith(("-name", "-email")):
                continue
            data[name] = _clean(gen.maybe(value, 0.4))
        if gen.random.random() < 0.1:
            data["help_wanted"] = [_clean(gen.text(max_len=20))]
        if gen.random.random() < 0.1:
            data["form_key"] = _clean(gen.text(max_len=40))
        if gen.random.random() < 0.1:
            data["webbplats"] = "http://spam.example"
            data["title"] = f"honungsfälla {uuid.uuid4().hex}"
            honeypot_titles.add(data["title"])
        _check(client.post("/idelabbet/skicka-in/", data, **ekero), seed, "idea form")
        sent += 1

    idea_url = reverse("idelabbet:participate", args=[targets["idea"].pk])
    started = _lap("offer", started)
    for _ in range(RUNS["offer"]):
        data = {
            "med-name": _clean(gen.maybe("Greta Lund")),
            "med-email": _clean(gen.maybe("greta@example.se")),
            "med-contribution": _clean(gen.maybe("Ett släp")),
        }
        _check(client.post(idea_url, data, **ekero), seed, "offer form")
        sent += 1

    meeting_url = path_of(targets["meeting"])
    started = _lap("registration", started)
    for _ in range(RUNS["registration"]):
        data = {
            "name": _clean(gen.maybe("Sara Ek")),
            "organisation": _clean(gen.maybe("Röda Korset")),
            "sector": _clean(gen.maybe("civil_society", 0.3)),
            "email": _clean(gen.maybe(f"sara{gen.random.randint(1, 10**6)}@example.se", 0.3)),
            "needs": _clean(gen.maybe("")),
        }
        _check(client.post(meeting_url, data, **jonkoping), seed, "registration")
        sent += 1

    started = _lap("status", started)
    for _ in range(RUNS["status"]):
        token = _clean(gen.text(max_len=60)).replace("/", "")[:200] or "x"
        path = gen.random.choice(["", "komplettera/", "aterkalla/", "snabb-slant/"])
        url = f"/idelabbet/status/{token}/{path}"
        response = (
            client.get(url, **ekero)
            if gen.random.random() < 0.5
            else client.post(url, {"text": _clean(gen.text()), "confirm": "1"}, **ekero)
        )
        _check(response, seed, f"status {url!r}"[:300])
        sent += 1

    _lap("end", started)
    assert sent >= 2000
    # Nothing stored that should not be.
    new_submissions = IdeaSubmission.objects.count() - submissions_before
    assert new_submissions <= 5, f"seed {seed}: the rate limit let {new_submissions} ideas in"
    assert not IdeaSubmission.objects.filter(idea__title__in=honeypot_titles).exists()
    assert ParticipationOffer.objects.count() - offers_before <= 10
    for submission in IdeaSubmission.objects.select_related("idea"):
        for value in (submission.name, submission.email, submission.phone, submission.idea.title):
            assert "\x00" not in value, f"seed {seed}: a NUL was stored"
        validate_email(submission.email)
        assert submission.consent_at is not None
    for registration in Registration.objects.all():
        assert registration.sector in Sector.values, f"seed {seed}: {registration.sector!r}"
        try:
            validate_email(registration.email)
        except ValidationError:
            pytest.fail(f"seed {seed}: stored a registration with {registration.email!r}")
        assert all(
            "\x00" not in v
            for v in (registration.name, registration.organisation, registration.needs)
        )
