"""The catalog's tables: the database engine's store and the outbox.

``CatalogRecord`` is one catalog entry as the database engine stores it. The
full-text part is database specific and is added by the migrations only where
it exists: an FTS5 table on SQLite, a tsvector column with a GIN index on
PostgreSQL. Both also index the entry's principals and facet values as opaque
tokens, so one index lookup finds the words *and* trims to the asker.

``CatalogOutbox`` holds pending index updates. Rows are written inside the
transaction that changes the domain object, so a rolled-back write leaves none,
and they are deleted only after the engine has accepted the update.
"""

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .query import TOKEN_RE


class CatalogRecord(models.Model):
    key = models.CharField(_("nyckel"), max_length=200, unique=True)
    kind = models.CharField(_("typ"), max_length=50)
    site_id = models.IntegerField(_("webbplats"), null=True, blank=True)
    url = models.CharField(_("adress"), max_length=500)
    title = models.TextField(_("rubrik"))
    # Weighted between the title and the body (a page's search description).
    summary = models.TextField(_("sammanfattning"), blank=True, default="")
    body = models.TextField(_("text"), blank=True)
    language = models.CharField(_("språk"), max_length=10, default="sv")
    date = models.DateTimeField(_("datum"), null=True, blank=True)
    facets = models.JSONField(_("fasetter"), default=dict, blank=True)
    # ["theme=Kultur", "year=2024", …]: what facet counts are grouped by.
    facet_list = models.JSONField(default=list, blank=True)
    principals = models.JSONField(_("behöriga"), default=list, blank=True)
    # Shown with a hit, never searched (a file's name, type, size, owner).
    meta = models.JSONField(_("uppgifter"), default=dict, blank=True)
    # Opaque index tokens (one per principal, kind, site and facet value) that the
    # full-text index holds beside the words, so trimming and filtering are part
    # of the same index lookup as the words: see engines/database.py.
    tokens = models.TextField(blank=True)
    # Filled only on PostgreSQL; the GIN index over it is created by migration
    # 0002 on PostgreSQL only (SQLite gets an FTS5 table instead).
    search_vector = SearchVectorField(null=True, editable=False)
    indexed_at = models.DateTimeField(_("indexerad"), db_index=True)

    class Meta:
        verbose_name = _("katalogpost")
        verbose_name_plural = _("katalogposter")

    def __str__(self) -> str:
        return self.key


class CatalogOutbox(models.Model):
    """A pending index update: "look at this object again and send what it is now"."""

    key = models.CharField(max_length=200, db_index=True)
    source = models.CharField(max_length=100)
    object_pk = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    available_at = models.DateTimeField(db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("väntande indexering")
        verbose_name_plural = _("väntande indexeringar")

    def __str__(self) -> str:
        return self.key


class CatalogStatus(models.Model):
    """What the last delivery to the engine did, for ``manage.py search_status``."""

    engine = models.CharField(max_length=50, unique=True)
    last_delivery_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)
    # Elasticsearch: the index a running rebuild fills; deliveries write there too.
    rebuild_index = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return self.engine


class FileText(models.Model):
    """The text extracted from one catalogued file, and how the extraction went.

    One row per file entry (``key`` is the entry's key). ``fingerprint`` is the
    stored file's name and size when it was read: a replaced file no longer
    matches, so its text is read again. The text is personal data whenever the
    file is: the row goes with the file (``file_text_forget``).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Väntar på att läsas")
        TEXT = "text", _("Text hittad")
        EMPTY = "empty", _("Ingen text hittades i filen")
        FAILED = "failed", _("Kunde inte läsas")
        UNSUPPORTED = "unsupported", _("Filtypen stöds inte")

    REASONS = {
        "image": _("En bild: bara namnet och beskrivningen är sökbara."),
        "no_text": _("Inget textlager (t.ex. en inskannad sida)."),
        "encrypted": _("Filen är krypterad."),
        "broken": _("Filen är trasig eller har ett okänt format."),
        "zip_bomb": _("Filen packas upp till mer än gränsen."),
        "too_large": _("Filen är större än gränsen."),
        "too_many_pages": _("Bara de första sidorna lästes."),
        "timeout": _("Tidsgränsen överskreds."),
        "memory": _("Minnesgränsen överskreds."),
        "crashed": _("Läsningen avbröts."),
        "missing": _("Filen saknas i lagringen."),
        "unsupported": _("Filtypen stöds inte."),
    }

    key = models.CharField(_("nyckel"), max_length=200, unique=True)
    source = models.CharField(max_length=100)
    object_pk = models.CharField(max_length=64)
    name = models.CharField(_("fil"), max_length=255)
    fingerprint = models.CharField(max_length=300)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    reason = models.CharField(_("skäl"), max_length=30, blank=True)
    detail = models.TextField(_("detaljer"), blank=True)
    text = models.TextField(_("text"), blank=True)
    pages = models.PositiveIntegerField(_("sidor"), default=0)
    requested_at = models.DateTimeField(_("begärd"))
    extracted_at = models.DateTimeField(_("läst"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(_("tid (ms)"), default=0)

    class Meta:
        verbose_name = _("text i fil")
        verbose_name_plural = _("text i filer")

    def __str__(self) -> str:
        return self.name

    @property
    def reason_label(self) -> str:
        return str(self.REASONS.get(self.reason, self.reason))


class SearchSynonym(models.Model):
    """Words that mean the same in a municipality's searches, kept by its editors.

    One row is one group: "SFB = Socialförsäkringsbalken", "fritidsgård =
    ungdomsgård = fritidsklubb". Rows sharing a member are one group (so "a =
    b" and "b = a" are simply the same group). A row without a site applies to
    every site. Applied at query time: ``search.synonyms``.
    """

    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("webbplats"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Tom: gäller alla kommuners webbplatser."),
    )
    terms = models.CharField(
        _("ord som betyder samma sak"),
        max_length=500,
        help_text=_(
            "Skriv ord, förkortningar eller uttryck med likhetstecken emellan, "
            "t.ex. ”SFB = Socialförsäkringsbalken” eller ”fritidsgård = ungdomsgård”."
        ),
    )

    class Meta:
        verbose_name = _("synonym")
        verbose_name_plural = _("synonymer")
        ordering = ["terms"]

    def __str__(self) -> str:
        return self.terms

    def members(self) -> list[tuple[str, ...]]:
        """Each side as its lowercased words: [("sfb",), ("socialförsäkringsbalken",)]."""
        out: list[tuple[str, ...]] = []
        for side in self.terms.replace(",", "=").split("="):
            words = tuple(TOKEN_RE.findall(side.lower()))
            if words and words not in out:
                out.append(words)
        return out

    def clean(self):
        if len(self.members()) < 2:
            raise ValidationError(
                {
                    "terms": _(
                        "Skriv minst två ord eller uttryck med likhetstecken emellan, "
                        "t.ex. ”SFB = Socialförsäkringsbalken”."
                    )
                }
            )


class SearchTerm(models.Model):
    """How often a query was searched on one site on one day, and what it found.

    No user, session, address or time of day is stored: one row per site, day
    and query, counted up. The query is stored only after e-mail addresses,
    phone numbers and other long digit runs are stripped (``search.terms``).
    Rows older than ``SEARCH_TERMS_KEEP_DAYS`` are purged daily.
    """

    site_id = models.IntegerField(_("webbplats"))
    day = models.DateField(_("dag"))
    query = models.CharField(_("sökfråga"), max_length=200)
    searches = models.PositiveIntegerField(_("sökningar"), default=0)
    # The number of hits the last search of the day got (trimmed to the public).
    hits = models.PositiveIntegerField(_("träffar"), default=0)

    class Meta:
        verbose_name = _("sökterm")
        verbose_name_plural = _("söktermer")
        constraints = [
            models.UniqueConstraint(fields=["site_id", "day", "query"], name="search_term_day")
        ]
        indexes = [models.Index(fields=["day"], name="search_term_day_idx")]

    def __str__(self) -> str:
        return self.query


class SearchWord(models.Model):
    """One word that occurs in some catalog entry: the vocabulary of "Menade du …?".

    Added as entries are delivered or rebuilt; a full rebuild removes the words
    no entry has any more. It says nothing about who may see the word: a
    suggestion is only offered after a search for it, trimmed to the asker,
    finds something (``search.suggest``).
    """

    word = models.CharField(_("ord"), max_length=40, unique=True)

    class Meta:
        verbose_name = _("ord i katalogen")
        verbose_name_plural = _("ord i katalogen")

    def __str__(self) -> str:
        return self.word
