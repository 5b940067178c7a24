"""The generator's Swedish vocabulary (from the demo texts) and its summary."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass

from .. import cases as demo_cases
from .. import forum as demo_forum
from .. import ideas as demo_ideas
from .. import pages as demo_pages

BATCH = 1000
Progress = Callable[[str, int, int], None]


PLACES = [
    "i Stenhamra",
    "på Adelsö",
    "på Munsö",
    "i Ekerö centrum",
    "i Träkvista",
    "i Färentuna",
    "på Skå",
    "vid Ekebyhov",
    "på Helgö",
    "i Älvnäs",
    "på Lovö",
    "vid Drottningholm",
]
ACTIVITIES = [
    "Språkcafé",
    "Syateljé",
    "Odlingslott",
    "Läxhjälp",
    "Prova-på-dag",
    "Cykelverkstad",
    "Bytesdag för kläder",
    "Seniordans",
    "Skräpplockardag",
    "Filmkväll för unga",
    "Grannfika",
    "Stickcafé",
    "Naturvandring",
    "Bokcirkel",
    "Samåkning till fritids",
    "Lovaktiviteter",
]


@dataclass
class Vocabulary:
    """Swedish sentences and words taken from the demo content."""

    sentences: list[str]
    note_sentences: list[str]

    @classmethod
    def from_demo(cls) -> Vocabulary:
        texts = [summary for _, summary, *_ in demo_ideas.IDEAS]
        texts += [description for _, description, *_ in demo_forum.PROPOSALS]
        texts += [definition for _, definition in demo_forum.PRINCIPLES]
        texts += [re.sub(r"<[^>]+>", " ", html) for _, html in demo_pages.PRIVACY_BODY]
        notes = [text for _, _, notes in demo_cases.PLAN.values() for _, _, text in notes]
        split = re.compile(r"(?<=[.!?])\s+")
        sentences = [s.strip() for t in texts for s in split.split(t) if len(s.strip()) > 20]
        note_sentences = [s.strip() for t in notes for s in split.split(t) if s.strip()]
        return cls(sentences=sentences, note_sentences=note_sentences + sentences[:20])

    def title(self, rng: random.Random) -> str:
        return f"{rng.choice(ACTIVITIES)} {rng.choice(PLACES)}"

    def paragraph(self, rng: random.Random, count: int) -> str:
        return " ".join(rng.sample(self.sentences, count))

    def note(self, rng: random.Random) -> str:
        return " ".join(rng.sample(self.note_sentences, 2))


@dataclass
class Summary:
    ideas: int = 0
    pending: int = 0
    cases: int = 0
    notes: int = 0
    coaches: int = 0
    meetings: int = 0
    proposals: int = 0

    def __str__(self) -> str:
        return (
            f"{self.ideas} idéer ({self.pending} väntar på granskning), {self.cases} ärenden, "
            f"{self.notes} anteckningar, {self.coaches} coacher, {self.meetings} möten, "
            f"{self.proposals} förslag"
        )


demo_forum_table = str.maketrans("åäöéÅÄÖÉ", "aaoeaaoe")
