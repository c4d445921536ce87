"""The one way an app plugs itself into Gendan: registries filled in ``AppConfig.ready()``.

A lower app that must show, run or move something a higher app owns does not import it;
it reads a registry, and the higher app adds its entries when Django starts.  Adding an
app therefore needs no edit of a central list: only ``INSTALLED_APPS`` and, when it has
pages, one ``include()`` in the root ``urls.py``.

The registries that concern every app are defined here; an app that is the only reader
of a kind of entry keeps that registry itself (``dataio`` its importers and exporters,
``comms`` its template placeholders), built with the same ``Registry``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model
from django.utils.functional import Promise

T = TypeVar("T")


class Registry(Generic[T]):
    """Entries by key, in the order they were registered.

    Registering the same key twice with a different entry is a start-up error: two apps
    claiming one name would otherwise depend on the order of ``INSTALLED_APPS``.
    Registering an equal entry again is harmless (``ready()`` may run twice in tests).
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self._entries: dict[str, T] = {}

    def register(self, key: str, entry: T) -> T:
        current = self._entries.get(key)
        if current is not None and current != entry:
            raise ImproperlyConfigured(f"{self.name}: {key!r} is registered twice")
        self._entries[key] = entry
        return entry

    def unregister(self, key: str) -> None:
        self._entries.pop(key, None)

    def __getitem__(self, key: str) -> T:
        return self._entries[key]

    def get(self, key: str) -> T | None:
        return self._entries.get(key)

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def keys(self) -> list[str]:
        return list(self._entries)

    def values(self) -> list[T]:
        return list(self._entries.values())

    def items(self) -> list[tuple[str, T]]:
        return list(self._entries.items())


# --- imports and exports -------------------------------------------------------------

# kind -> a callable returning the kind's Importer (see ``gendan.dataio``)
importers = Registry[Callable[[], Any]]("importers")
# kind -> a function (user=, params=) -> ExportSpec, in the app that owns the list
exporters = Registry[Callable[..., Any]]("exporters")


# --- navigation -----------------------------------------------------------------------


@dataclass(frozen=True)
class NavEntry:
    """One item of the main navigation; ``position`` orders them as a merchandiser's day."""

    key: str
    label: str | Promise
    url_name: str
    icon: str
    position: int = 100


navigation = Registry[NavEntry]("navigation")


def nav_register(entry: NavEntry) -> None:
    navigation.register(entry.key, entry)


# --- API routes -----------------------------------------------------------------------


@dataclass(frozen=True)
class ApiRoute:
    """A viewset under ``/api/v1/<prefix>/``; the root ``urls.py`` routes every one."""

    prefix: str
    viewset: type
    basename: str


api_routes = Registry[ApiRoute]("api routes")


def api_route_register(prefix: str, viewset: type, *, basename: str) -> None:
    api_routes.register(basename, ApiRoute(prefix, viewset, basename))


# --- status colours -------------------------------------------------------------------

# status value -> colour name of the CSS toolkit (badge-<colour>)
status_colours = Registry[str]("status colours")


def status_colours_register(colours: dict[str, str]) -> None:
    for value, colour in colours.items():
        status_colours.register(value, colour)


# --- records that carry a team --------------------------------------------------------


@dataclass(frozen=True)
class TeamCarrier:
    """A model whose rows carry ``team`` and belong to one customer.

    ``customer_path`` is the lookup from the model to its customer (``"customer"``,
    ``"order__customer"``).  When a customer moves to another team, or is merged into
    another customer, every registered model's rows of that customer move with it, so
    row-level access (one filter on ``team``) stays true for everything that hangs off
    the customer.
    """

    model: type[Model]
    customer_path: str
    team_field: str = "team"


team_carriers = Registry[TeamCarrier]("team-carrying models")


def team_carrier_register(model: type, *, customer_path: str, team_field: str = "team") -> None:
    label = model._meta.label_lower  # type: ignore[attr-defined]
    team_carriers.register(label, TeamCarrier(model, customer_path, team_field))


# --- timelines ------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineSource:
    """Events of one kind on a customer's timeline (see ``gendan.core.timeline``).

    ``events(customer_id=, cursor=, n=, filter=)`` returns at most ``n`` events older
    than the cursor, newest first, in one query; ``filter`` is the chosen timeline
    filter ("" for all), which a source serving several filters (messages: one per
    channel) narrows by.  ``rank`` breaks ties in time (higher first) and must be unique;
    ``filters`` are the timeline filters that show the source; ``template`` renders one
    event (it gets ``event``, ``obj`` and the page's ``customer``).
    """

    key: str
    rank: int
    filters: tuple[str, ...]
    template: str
    events: Callable[..., list[Any]]


@dataclass(frozen=True)
class TimelineFilter:
    key: str
    label: str | Promise
    position: int = 100


timeline_sources = Registry[TimelineSource]("timeline sources")
timeline_filters = Registry[TimelineFilter]("timeline filters")


# --- search documents -----------------------------------------------------------------


@dataclass(frozen=True)
class SearchDocument:
    """A model the full-text search indexes (see ``gendan.search``).

    ``build(record)`` returns what the index learns about one record: a dict with
    ``team_id`` (None: everyone may find it), ``title``, ``keys`` (words that identify it,
    ranked like the title) and ``text``.  ``visible(user)`` is the queryset of the
    records the user may open, which the hits are read through.  ``rows()`` are the
    records as the whole kind is re-indexed (default: every row of ``model``).
    ``customer_path`` is the lookup to the record's customer id when its team follows
    the customer's (``"customer_id"``).  ``watch`` maps other models whose saves and
    deletes change the document to the id of the record they belong to (or None);
    ``defer(record)`` is True when a save will be indexed later, in bulk.
    """

    kind: str
    model: type[Model]
    build: Callable[[Any], dict[str, Any]]
    visible: Callable[[Any], Any]
    label: str | Promise = ""
    position: int = 100
    rows: Callable[[], Any] | None = None
    customer_path: str = ""
    watch: dict[type, Callable[[Any], int | None]] = field(default_factory=dict)
    defer: Callable[[Any], bool] | None = None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SearchDocument) and (self.kind, self.model) == (
            other.kind,
            other.model,
        )

    def __hash__(self) -> int:
        return hash((self.kind, self.model))


search_documents = Registry[SearchDocument]("search documents")


def search_document_register(document: SearchDocument) -> None:
    search_documents.register(document.kind, document)


@dataclass(frozen=True)
class SearchTextProvider:
    """More text for the documents of a kind another (lower) app registered.

    A higher app knows things about a lower app's records that the lower app must not
    import: the follow-up knows why an order is late and what was said about it.
    ``texts(records)`` gets a batch of records of ``kind`` and returns ``{pk: text}``
    for those it has something to say about, in one query for the whole batch, so
    indexing stays a constant number of queries per batch.  ``watch`` maps the
    provider's models whose saves and deletes change that text to the id of the record
    of ``kind`` they belong to (or None), like ``SearchDocument.watch``.
    """

    key: str
    kind: str
    texts: Callable[[list[Any]], dict[int, str]]
    watch: dict[type, Callable[[Any], int | None]] = field(default_factory=dict)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SearchTextProvider) and (self.kind, self.key) == (
            other.kind,
            other.key,
        )

    def __hash__(self) -> int:
        return hash((self.kind, self.key))


search_text_providers = Registry[SearchTextProvider]("search text providers")


def search_text_provider_register(provider: SearchTextProvider) -> None:
    search_text_providers.register(f"{provider.kind}:{provider.key}", provider)


def search_text_providers_of(kind: str) -> list[SearchTextProvider]:
    """The providers adding text to documents of ``kind``, in the order they registered."""
    return [provider for provider in search_text_providers.values() if provider.kind == kind]
