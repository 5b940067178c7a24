"""Demo content for both municipalities: invented people, real places and programmes.

Each step is an idempotent function taking ``sites`` (from
``municipalities_setup``) and returning a short summary. Plugins' demo steps are
added to ``STEPS`` here (the host site knows its plugins; they never know it).
"""

from . import cases, files, forum, ideas, identity, pages, search, translations, users

STEPS = [
    ("Sidor och kontaktuppgifter", pages.load),
    ("Logotyper och profilfärger", identity.load),
    ("Demoanvändare", users.load),
    ("Idélabbet: idéer", ideas.load),
    ("Idélabbet: ärenden", cases.load),
    ("Forum Civilsamhälle Jönköping", forum.load),
    ("Dokument och bilagor", files.load),
    # After all Swedish content: translates it (English, Ekerö also Arabic).
    ("Översättningar", translations.load),
    # Keep last: it indexes what the steps above created.
    ("Sökkatalogen", search.load),
]
