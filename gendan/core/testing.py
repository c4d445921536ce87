"""Helpers for tests: query counting that shows the SQL when the count is off."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext


def get_with_queries(client, url: str, **kwargs):
    """GET ``url`` and return (response, list of SQL statements it ran)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **kwargs)
    return response, [query["sql"] for query in captured.captured_queries]


def assert_same_queries(first: list[str], second: list[str]) -> None:
    """Two renderings of a page ran the same number of queries (the data grew in between)."""
    if len(first) != len(second):
        listing = "\n".join(f"  {i + 1}. {sql}" for i, sql in enumerate(second))
        raise AssertionError(f"query count changed from {len(first)} to {len(second)}:\n{listing}")


def assert_queries(queries: list[str], expected: int) -> None:
    if len(queries) != expected:
        listing = "\n".join(f"  {i + 1}. {sql}" for i, sql in enumerate(queries))
        raise AssertionError(f"expected {expected} queries, ran {len(queries)}:\n{listing}")
