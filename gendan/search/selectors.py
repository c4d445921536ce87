"""The search box: ranked hits over every kind of record, within the user's access.

One SQL statement finds and ranks the entries, with the access rule in its WHERE clause
(``scope_to_user``'s, compiled: the user's teams unless they see all; products for
everyone).  The hits' records are
then read through each app's scoped queryset, one query per kind found, so a hit is
shown only if the user may open it now, and with its current name and status.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connection
from django.db.models import Model, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from gendan.accounts.access import scope_to_user
from gendan.accounts.models import User
from gendan.core.registry import search_documents

from .models import Kind, SearchEntry
from .text import ParsedQuery, parse_query, tsquery

# Results of one kind on the page that groups them; the API and a single kind get more.
MAX_LIMIT = 100
# The title and a record's identifying words weigh this much more than the rest.
TITLE_WEIGHT = 5.0
SNIPPET_LENGTH = 180

# PostgreSQL's stored tsvector of title_tokens (weight A) and tokens, GIN-indexed
# (migration 0002).
PG_VECTOR = "e.search_vector"
# ts_rank divided by 1 + log(document length), as bm25 weighs length on SQLite: an order
# whose number is its whole title beats a long message that mentions it.
PG_NORMALIZATION = 1
_DIGIT = re.compile(r"\d")
_CJK_ANY = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


@dataclass
class SearchHit:
    kind: str
    object_id: int
    title: str
    text: str
    score: float
    obj: Any = None
    title_html: SafeString = field(default_factory=lambda: SafeString(""))
    snippet_html: SafeString = field(default_factory=lambda: SafeString(""))

    @property
    def url(self) -> str:
        return self.obj.get_absolute_url() if self.obj is not None else ""

    @property
    def snippet(self) -> str:
        """The snippet as plain text (the API's)."""
        return re.sub(r"<[^>]+>", "", str(self.snippet_html)).replace("&amp;", "&")


# --- SQL --------------------------------------------------------------------------------
def _access_sql(user: User) -> tuple[str, list[Any]]:
    """The access rule of ``gendan.accounts.access`` (``scope_to_user``) as SQL on the
    entries (alias ``e``), or'd with the products everyone may find."""
    scoped = scope_to_user(SearchEntry.objects.all(), user)
    try:
        rule, params = scoped.query.where.as_sql(
            scoped.query.get_compiler(connection=connection), connection
        )
    except EmptyResultSet:  # no team at all
        rule, params = "1 = 0", ()
    except FullResultSet:  # sees every team
        return "1 = 1", []
    table = connection.ops.quote_name(SearchEntry._meta.db_table)
    rule = rule.replace(f"{table}.", "e.")
    return f"({rule} OR (e.team_id IS NULL AND e.kind = %s))", [*params, Kind.PRODUCT.value]


def _like_pattern(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _filters_sql(
    user: User, parsed: ParsedQuery, kinds: Sequence[str] | None
) -> tuple[str, list[Any]]:
    """The access rule, the kinds, and the one-character words as substrings."""
    access, params = _access_sql(user)
    parts = [access]
    if kinds:
        parts.append("e.kind IN (" + ", ".join(["%s"] * len(kinds)) + ")")
        params.extend(kinds)
    for text in parsed.substrings:
        parts.append("(e.title LIKE %s ESCAPE '\\' OR e.text LIKE %s ESCAPE '\\')")
        pattern = _like_pattern(text)
        params.extend([pattern, pattern])
    return " AND ".join(parts), params


def _trigram_text(parsed: ParsedQuery) -> str:
    """The words for trigram similarity on titles (misspelt names): Latin letters only.

    Not for numbers: every order number looks like every other one to trigrams (on a
    million mails PI-2025-04711 was "similar" to 100,000 of them), and the full-text
    phrase with its prefix already finds a number or its beginning.
    """
    text = " ".join(term.word for term in parsed.terms)
    if parsed.substrings or _CJK_ANY.search(text) or _DIGIT.search(text) or len(text) < 3:
        return ""
    return text


def _ranked_sql(
    user: User, parsed: ParsedQuery, kinds: Sequence[str] | None
) -> tuple[str, list[Any], str]:
    """A SELECT of (id, kind, object_id, title, text, score) and its ORDER BY."""
    where, params = _filters_sql(user, parsed, kinds)
    columns = "e.id, e.kind, e.object_id, e.title, e.text"
    if not parsed.terms:
        # Only one-character Chinese words: a substring scan, title hits first.
        title_hit = " + ".join(
            ["CASE WHEN e.title LIKE %s ESCAPE '\\' THEN 1 ELSE 0 END"] * len(parsed.substrings)
        )
        title_params = [_like_pattern(text) for text in parsed.substrings]
        sql = f"SELECT {columns}, ({title_hit}) AS score FROM search_searchentry e WHERE {where}"
        return sql, [*title_params, *params], "score DESC, id DESC"
    if connection.vendor == "postgresql":
        query = tsquery(parsed)
        similar = _trigram_text(parsed)
        if similar:
            sql = (
                f"SELECT {columns}, ts_rank({PG_VECTOR}, to_tsquery('simple', %s), {PG_NORMALIZATION})"
                " + word_similarity(%s, e.title) AS score FROM search_searchentry e"
                f" WHERE ({PG_VECTOR} @@ to_tsquery('simple', %s) OR %s <%% e.title) AND {where}"
            )
            return sql, [query, similar, query, similar, *params], "score DESC, id DESC"
        sql = (
            f"SELECT {columns}, ts_rank({PG_VECTOR}, to_tsquery('simple', %s), {PG_NORMALIZATION}) AS score"
            f" FROM search_searchentry e WHERE {PG_VECTOR} @@ to_tsquery('simple', %s) AND {where}"
        )
        return sql, [query, query, *params], "score DESC, id DESC"
    from .text import fts5_query

    # bm25 is lower for better matches; negated so that higher is better on both engines.
    sql = (
        f"SELECT {columns}, -bm25(search_fts, {TITLE_WEIGHT}, 1.0) AS score"
        " FROM search_fts JOIN search_searchentry e ON e.id = search_fts.rowid"
        f" WHERE search_fts MATCH %s AND {where}"
    )
    return sql, [fts5_query(parsed), *params], "score DESC, id DESC"


def search_entries(
    user: User,
    parsed: ParsedQuery,
    *,
    kinds: Sequence[str] | None,
    limit: int,
    per_kind: int | None = None,
) -> list[tuple[Any, ...]]:
    """The ranked index entries for a parsed query, best first, access applied in the SQL:
    (id, kind, object_id, title, text, score) rows.  One statement."""
    inner, params, order = _ranked_sql(user, parsed, kinds)
    if per_kind:
        sql = (
            f"WITH hits AS ({inner}) SELECT id, kind, object_id, title, text, score FROM ("
            f" SELECT hits.*, ROW_NUMBER() OVER (PARTITION BY kind ORDER BY {order}) AS n"
            f" FROM hits) ranked WHERE n <= %s ORDER BY {order} LIMIT %s"
        )
        params = [*params, per_kind, limit]
    else:
        sql = f"WITH hits AS ({inner}) SELECT * FROM hits ORDER BY {order} LIMIT %s"
        params = [*params, limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


# --- The records behind the hits ----------------------------------------------------------
def _visible(kind: str, user: User) -> QuerySet[Any]:
    """The records of ``kind`` the user may open, as the app that owns them says."""
    return search_documents[kind].visible(user)


def _records(user: User, ids_by_kind: dict[str, list[int]]) -> dict[tuple[str, int], Model]:
    found: dict[tuple[str, int], Model] = {}
    for kind, ids in ids_by_kind.items():
        for obj in _visible(kind, user).filter(pk__in=ids):
            found[(kind, obj.pk)] = obj
    return found


# --- Highlighting -------------------------------------------------------------------------
def _word_pattern(word: str) -> str:
    """'PI-2026-0012' matches 'PI 2026 0012' too: punctuation in a word matches any."""
    pieces = [re.escape(piece) for piece in re.split(r"[\W_]+", word) if piece]
    return r"[\W_]*".join(pieces)


def _highlighter(words: Iterable[str]) -> re.Pattern[str] | None:
    patterns = sorted((p for p in (_word_pattern(w) for w in words) if p), key=len, reverse=True)
    return re.compile("|".join(patterns), re.IGNORECASE) if patterns else None


def _marked(text: str, pattern: re.Pattern[str] | None) -> SafeString:
    if pattern is None:
        return SafeString(escape(text))
    out: list[str] = []
    last = 0
    for match in pattern.finditer(text):
        if match.end() == match.start():
            continue
        out.append(escape(text[last : match.start()]))
        out.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # every piece is escaped above


def _snippet(text: str, pattern: re.Pattern[str] | None) -> SafeString:
    flat = " ".join(text.split())
    match = pattern.search(flat) if pattern else None
    start = max(0, match.start() - 50) if match else 0
    if start:
        # Start at a word boundary where there is one nearby.
        space = flat.rfind(" ", max(0, start - 15), start)
        start = space + 1 if space >= 0 else start
    piece = flat[start : start + SNIPPET_LENGTH]
    marked = _marked(piece, pattern)
    lead = "… " if start else ""
    tail = " …" if start + SNIPPET_LENGTH < len(flat) else ""
    return mark_safe(f"{lead}{marked}{tail}")  # _marked escaped the text


def _snippet_source(kind: str, obj: Any, text: str, pattern: re.Pattern[str] | None) -> str:
    """A message's snippet comes from its body, as it is now, unless only the names and
    addresses stored with it match."""
    if kind != Kind.MESSAGE or not obj.body_text:
        return text
    if pattern is not None and not pattern.search(obj.body_text) and pattern.search(text):
        return text
    return obj.body_text


# --- The selector -----------------------------------------------------------------------
def search(
    user: User,
    q: str,
    kinds: Sequence[str] | None = None,
    limit: int = 20,
    *,
    per_kind: int | None = None,
) -> list[SearchHit]:
    """The best ``limit`` hits for ``q`` that ``user`` may see, best first.

    Every word must match: a word of two or more Chinese characters as a substring, a
    Latin word or number as a word (its beginning, from three letters on); an order
    number such as PI-2026-0012 as its parts in sequence.  With ``per_kind``, at most
    that many hits of each kind (for the page that groups them).
    """
    if not user.is_authenticated or not user.is_active:
        return []
    parsed = parse_query(q)
    if not parsed:
        return []
    wanted = [kind for kind in (kinds or []) if kind in Kind.values] or None
    if kinds and not wanted:
        return []
    limit = max(1, min(limit, MAX_LIMIT))
    rows = search_entries(user, parsed, kinds=wanted, limit=limit, per_kind=per_kind)

    ids_by_kind: dict[str, list[int]] = {}
    for _id, kind, object_id, *_rest in rows:
        ids_by_kind.setdefault(kind, []).append(object_id)
    records = _records(user, ids_by_kind)
    pattern = _highlighter(parsed.words)

    hits = []
    for _id, kind, object_id, title, text, score in rows:
        obj = records.get((kind, object_id))
        if obj is None:
            continue  # deleted since it was indexed, or no longer the user's to see
        hits.append(
            SearchHit(
                kind=kind,
                object_id=object_id,
                title=title,
                text=text,
                score=float(score or 0),
                obj=obj,
                title_html=_marked(title, pattern),
                snippet_html=_snippet(_snippet_source(kind, obj, text, pattern), pattern),
            )
        )
    return hits


def search_message_ids(user: User, q: str, *, limit: int = 500) -> list[int]:
    """Ids of the messages matching ``q`` that the user may see, best first (the inbox's filter)."""
    if not user.is_authenticated or not user.is_active:
        return []
    parsed = parse_query(q)
    if not parsed:
        return []
    rows = search_entries(user, parsed, kinds=[Kind.MESSAGE], limit=limit, per_kind=None)
    return [row[2] for row in rows]
