"""Each app registers what it imports and exports; dataio finds them by kind."""

from __future__ import annotations

import pytest

from gendan.core.registry import exporters, importers
from gendan.dataio.importing import importer_for


def test_every_app_registers_its_importers_and_list_exports():
    assert set(importers) >= {"customers", "contacts", "products", "orders"}
    assert set(exporters) >= {"customers", "contacts", "products", "orders", "inbox"}


def test_every_importable_kind_is_also_exported_so_a_file_can_make_the_round_trip():
    for kind in importers:
        assert importer_for(kind).kind == kind
        assert kind in exporters


def test_an_unknown_kind_has_no_importer():
    with pytest.raises(KeyError):
        importer_for("suppliers")
