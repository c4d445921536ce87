"""Each engine has its own full-text structures, kept in step with the entries."""

from __future__ import annotations

import pytest
from django.db import connection

from gendan.search.models import SearchEntry

pytestmark = pytest.mark.django_db


def matching(fts: str) -> list[int]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [fts])
        else:
            cursor.execute(
                "SELECT id FROM search_searchentry WHERE search_vector @@ to_tsquery('simple', %s)",
                [fts.replace('"', "'").replace(" ", " <-> ")],
            )
        return [row[0] for row in cursor.fetchall()]


def test_the_index_follows_inserts_updates_and_deletes(team_a):
    entry = SearchEntry.objects.create(
        kind="message",
        object_id=1,
        team=team_a,
        title="t",
        title_tokens="",
        tokens="交货 货延 延期",
    )
    assert matching('"货延 延期"') == [entry.pk]

    SearchEntry.objects.filter(pk=entry.pk).update(tokens="质量 量问 问题")
    assert matching('"货延 延期"') == []
    assert matching('"质量"') == [entry.pk]

    # A change of team alone leaves the text index as it is.
    SearchEntry.objects.filter(pk=entry.pk).update(team=None)
    assert matching('"质量"') == [entry.pk]

    entry.delete()
    assert matching('"质量"') == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's index")
def test_postgresql_searches_through_the_gin_index(team_a):
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM search_searchentry e"
            " WHERE e.search_vector @@ to_tsquery('simple', '延期')"
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("SET enable_seqscan = on")
    assert "search_entry_fts" in plan
