"""The full-text index: FTS5 on SQLite, GIN (tsvector and trigram) on PostgreSQL.

Each operation runs only on its own engine; on the other it does nothing.
"""

from django.db import migrations


class RunSQLOn(migrations.RunSQL):
    """RunSQL for one database engine ("sqlite" or "postgresql")."""

    def __init__(self, vendor, *args, **kwargs):
        self.vendor = vendor
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, args, kwargs = super().deconstruct()
        return name, [self.vendor, *args], kwargs

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)


# The columns hold tokens made in Python (gendan.search.text), so the triggers copy them
# as they are and unicode61 only splits them at the spaces.  An external-content table
# stores the index only; bm25() and MATCH read the entry table for nothing.
SQLITE_FORWARDS = [
    """
    CREATE VIRTUAL TABLE search_fts USING fts5(
        title_tokens, tokens,
        content='search_searchentry', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0'
    )
    """,
    """
    CREATE TRIGGER search_entry_ai AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_fts(rowid, title_tokens, tokens)
        VALUES (new.id, new.title_tokens, new.tokens);
    END
    """,
    """
    CREATE TRIGGER search_entry_ad AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_tokens, tokens)
        VALUES ('delete', old.id, old.title_tokens, old.tokens);
    END
    """,
    """
    CREATE TRIGGER search_entry_au AFTER UPDATE OF title_tokens, tokens ON search_searchentry
    BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_tokens, tokens)
        VALUES ('delete', old.id, old.title_tokens, old.tokens);
        INSERT INTO search_fts(rowid, title_tokens, tokens)
        VALUES (new.id, new.title_tokens, new.tokens);
    END
    """,
    # Entries written before the table existed (none on a new database).
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARDS = [
    "DROP TRIGGER IF EXISTS search_entry_au",
    "DROP TRIGGER IF EXISTS search_entry_ad",
    "DROP TRIGGER IF EXISTS search_entry_ai",
    "DROP TABLE IF EXISTS search_fts",
]

# The title weighs more than the rest (weight A).  The vector is a stored generated
# column rather than an expression index: ranking and the phrase recheck then read it
# instead of parsing the tokens of every matching row again (on 1,000,000 entries that
# took 0.1 s for 延期 and 7 s for a word in a quarter of them; see bench/README.md).
# Django does not know the column: it never writes it, PostgreSQL keeps it.
POSTGRES_FORWARDS = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """
    ALTER TABLE search_searchentry ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', title_tokens), 'A') || to_tsvector('simple', tokens)
    ) STORED
    """,
    # selectors.search: search_vector @@ to_tsquery('simple', ...)
    "CREATE INDEX search_entry_fts ON search_searchentry USING gin (search_vector)",
    # misspelt names: %s <% title (word similarity)
    "CREATE INDEX search_entry_title_trgm ON search_searchentry USING gin (title gin_trgm_ops)",
]
POSTGRES_BACKWARDS = [
    "DROP INDEX IF EXISTS search_entry_title_trgm",
    "DROP INDEX IF EXISTS search_entry_fts",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS search_vector",
]


class Migration(migrations.Migration):
    dependencies = [("search", "0001_entry")]

    operations = [
        RunSQLOn("sqlite", SQLITE_FORWARDS, SQLITE_BACKWARDS),
        RunSQLOn("postgresql", POSTGRES_FORWARDS, POSTGRES_BACKWARDS),
    ]
