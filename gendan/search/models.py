"""The search index: one row per searchable record, kept by ``gendan.search.services``."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from gendan.accounts.models import Team


class Kind(models.TextChoices):
    MESSAGE = "message", _("Messages")
    CUSTOMER = "customer", _("Customers")
    CONTACT = "contact", _("Contacts")
    ORDER = "order", _("Orders")
    PRODUCT = "product", _("Products")


class SearchEntry(models.Model):
    """What the search box looks through for one record: derived data, rebuilt at will.

    ``title_tokens`` and ``tokens`` hold the text tokenised in Python (see
    ``gendan.search.text``), which the full-text index reads as plain words:

    * SQLite: the FTS5 table ``search_fts`` over (title_tokens, tokens) with this table
      as its external content, kept in step by triggers (migration 0002).  Django's
      SQLite schema editor rebuilds a table to alter it, which drops its triggers: a
      migration that alters this model must create them again.
    * PostgreSQL: a GIN index on the weighted ``to_tsvector('simple', ...)`` of both
      columns, and a trigram index on ``title`` for misspelt names (migration 0002).
    """

    kind = models.CharField(max_length=10, choices=Kind.choices)
    object_id = models.BigIntegerField()
    # The team whose members may find it; empty for products, which every team sees.
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(max_length=500)
    # Plain text of the rest (a message's body, names and attachment names): snippets
    # and the one-character fallback read it.
    text = models.TextField(blank=True)
    title_tokens = models.TextField(blank=True)
    tokens = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            # search_index upserts on it: a record has one entry.
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id} {self.title[:50]}"
