"""The catalog registry: how a domain object becomes a catalog entry.

Domain apps describe each of their models with a ``CatalogSource`` subclass and
call ``register()`` from their ``AppConfig.ready()``. The search app imports no
domain app: it only ever sees sources and the entries they return.

An entry carries the principals allowed to see it (Plone's
``allowedRolesAndUsers``): ``anonymous`` for public content, ``user:<id>``,
``group:<id>`` and ``role:<…>`` otherwise. Every query is trimmed to the
asker's principals, so an entry without ``anonymous`` is never shown publicly.

Groups and users are named by id, never by name: a site administrator may
rename a group, and another group may then take the old name.

Superusers hold ``role:superuser``, which every entry grants unless it is
``private`` (a coach's private note: its author alone, superusers included).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db.models import Model, QuerySet

ANONYMOUS = "anonymous"
AUTHENTICATED = "role:authenticated"
SUPERUSER = "role:superuser"


@dataclass(frozen=True)
class CatalogEntry:
    key: str  # "<app_label>.<model_name>:<pk>", unique
    kind: str  # e.g. "page", "idea", "case", "note", "meeting", "proposal"
    site_id: int | None  # wagtail Site pk: the municipality the entry belongs to
    url: str
    title: str
    body: str
    principals: frozenset[str]  # "anonymous", "user:<id>", "group:<id>", "role:<…>"
    # The entry's language ("sv", "en", "ar", …): Swedish text gets Swedish
    # stemming and decompounding, English text English stemming, any other
    # language only folding (``search.analysis``).
    language: str = "sv"
    date: datetime | None = None
    facets: Mapping[str, str | Sequence[str]] = field(default_factory=dict)
    # Shown with a hit and never searched: a file's name, type, size and owner.
    meta: Mapping[str, str | int] = field(default_factory=dict)
    # Seen by exactly ``principals``: superusers get no implicit access.
    private: bool = False
    # Weighted between title and body (a page's search description, an intro).
    summary: str = ""

    def stored_principals(self) -> frozenset[str]:
        """The principals an engine stores: ``principals``, plus superusers unless private."""
        return self.principals if self.private else self.principals | {SUPERUSER}

    def facet_pairs(self) -> list[tuple[str, str]]:
        """Every (name, value) facet pair, multi-valued facets flattened, plus the year."""
        pairs: list[tuple[str, str]] = []
        for name, value in self.facets.items():
            values = [value] if isinstance(value, str) else list(value)
            pairs.extend((str(name), str(v)) for v in values if str(v))
        if self.date is not None and "year" not in self.facets:
            pairs.append(("year", str(self.date.year)))
        return pairs


def default_language(language: str | None = None) -> str:
    """A source's entry language: the one given, else the site's ``LANGUAGE_CODE``, else sv."""
    code = (language or getattr(settings, "LANGUAGE_CODE", "") or "sv").strip()
    return code.split("-")[0].lower()[:10] or "sv"


def user_principal(user_id: int) -> str:
    """The principal of one user: ``user:<id>``."""
    return f"user:{int(user_id)}"


def group_principal(group_id: int) -> str:
    """The principal of one group: ``group:<id>`` (never its name, which may change)."""
    return f"group:{int(group_id)}"


class CatalogSource:
    """How one model's instances become catalog entries; subclass per model.

    ``get_queryset()`` lists everything that may have an entry (used by a full
    rebuild); ``to_entry(obj)`` returns the entry as the object is now, or None
    when it must have none (the engine then deletes it). ``kind_label`` is the
    name shown for the kind facet. ``get_object_queryset()`` is what the outbox
    uses to load changed objects; override it to add select_related.
    ``prepare(objs)`` is called with each batch before ``to_entry`` is called on
    its objects: a source whose entries need more than the object (permissions,
    ancestors) loads it for the whole batch there, in a few queries.
    """

    model: type[Model]
    kind: str
    kind_label: str | None = None
    # Facet names this source's entries use beyond theme/status/meeting/year,
    # so the search pages accept them as filters ...
    facet_names: tuple[str, ...] = ()
    # ... and the (translatable) headings the search pages show for them.
    facet_titles: Mapping[str, str] = {}
    # Models whose entries this source's entries depend on (a file's note, the
    # pages linking a document): whenever the outbox delivers one of them, it
    # queues ``followers(objs)`` too, so a change to who may see the owner
    # reaches its files through the outbox like any other change.
    follows: tuple[type[Model], ...] = ()

    def followers(self, owners: list) -> Iterable[Model]:
        """This source's objects that depend on ``owners`` (instances of ``follows``)."""
        return ()

    def get_queryset(self) -> QuerySet:
        return self.model._default_manager.all()

    def get_object_queryset(self) -> QuerySet:
        return self.model._default_manager.all()

    def prepare(self, objs: list) -> None:
        """Load, for a batch of objects, what ``to_entry`` would otherwise query one by one."""

    def to_entry(self, obj) -> CatalogEntry | None:
        raise NotImplementedError

    def key_for(self, obj: Model) -> str:
        return f"{self.model._meta.label_lower}:{obj.pk}"

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    def connect(self) -> None:
        """Hook up signals that queue updates; called once by ``register()``."""


_sources: dict[str, CatalogSource] = {}
_principal_providers: list[Callable[[object], Iterable[str]]] = []


def register(source: CatalogSource) -> None:
    """Register a source; call from the domain app's ``AppConfig.ready()``.

    Registering the same model again replaces the earlier source (so reloading
    in tests is harmless) without connecting its signals twice.
    """
    label = source.model._meta.label_lower
    first = label not in _sources
    _sources[label] = source
    if first:
        source.connect()


def unregister(model: type[Model]) -> None:
    """Remove a model's source (tests and plugins that opt out)."""
    _sources.pop(model._meta.label_lower, None)


def get_source(label: str) -> CatalogSource | None:
    return _sources.get(label)


def source_for_model(model: type[Model]) -> CatalogSource | None:
    """The source of ``model`` or of its nearest registered parent class."""
    for klass in model.__mro__:
        meta = getattr(klass, "_meta", None)
        if meta is not None and not meta.abstract and meta.label_lower in _sources:
            return _sources[meta.label_lower]
    return None


def sources() -> list[CatalogSource]:
    return list(_sources.values())


def kind_labels() -> dict[str, str]:
    return {s.kind: str(s.kind_label or s.kind) for s in _sources.values()}


DEFAULT_FACETS = ("kind", "site", "year", "theme", "status", "meeting")


def facet_names() -> set[str]:
    """Every facet name a search page may filter on."""
    names = set(DEFAULT_FACETS)
    for source in _sources.values():
        names.update(source.facet_names)
    return names


def facet_titles() -> dict[str, str]:
    """The headings sources give their own facets, by facet name."""
    titles: dict[str, str] = {}
    for source in _sources.values():
        titles.update(source.facet_titles)
    return titles


def register_principal_provider(provider: Callable[[object], Iterable[str]]) -> None:
    """Add principals to every logged-in user (e.g. ``role:coach`` from a domain app).

    ``provider(user)`` returns extra principal strings; it is called for each
    search by an authenticated non-superuser.
    """
    if provider not in _principal_providers:
        _principal_providers.append(provider)


def principal_providers() -> list[Callable[[object], Iterable[str]]]:
    return list(_principal_providers)
