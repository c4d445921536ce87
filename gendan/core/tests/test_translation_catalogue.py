"""The Simplified Chinese catalogue holds every interface string, translated."""

import os
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
# Where interface text lives (`make messages` reads the same).
SOURCES = ["gendan", "templates", "locale"]


def untranslated_or_fuzzy(po_text: str) -> list[str]:
    """msgids whose translation is empty or marked fuzzy (the header excepted)."""
    problems = []
    for entry in po_text.split("\n\n"):
        lines = [line for line in entry.splitlines() if not line.startswith("#~")]
        if not any(line.startswith("msgid ") for line in lines):
            continue
        msgid = "".join(re.findall(r'^(?:msgid )?"(.*)"$', "\n".join(_field(lines, "msgid")), re.M))
        if not msgid:
            continue  # the header
        translations = [f for f in ("msgstr", "msgstr[0]") if _field(lines, f)]
        text = "".join(
            "".join(re.findall(r'"(.*)"', line)) for f in translations for line in _field(lines, f)
        )
        if not text or any(line.startswith("#,") and "fuzzy" in line for line in lines):
            problems.append(msgid)
    return problems


def _field(lines: list[str], name: str) -> list[str]:
    out: list[str] = []
    for line in lines:
        if line.startswith(name + " "):
            out = [line]
        elif out and line.startswith('"'):
            out.append(line)
        elif out:
            break
    return out


def test_the_catalogue_has_no_untranslated_or_fuzzy_entry():
    assert untranslated_or_fuzzy(CATALOGUE.read_text()) == []


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
def test_every_string_in_the_code_is_in_the_catalogue(tmp_path):
    # Extract the strings afresh in a copy of the sources and the catalogue (makemessages
    # writes to the locale folder beside the code): anything new comes out empty.
    root = Path(settings.BASE_DIR)
    for folder in SOURCES:
        shutil.copytree(root / folder, tmp_path / folder)
    cwd = Path.cwd()
    os.chdir(tmp_path)
    try:
        call_command("makemessages", locale=["zh_Hans"], no_location=True, verbosity=0)
    finally:
        os.chdir(cwd)

    assert untranslated_or_fuzzy((tmp_path / CATALOGUE.relative_to(root)).read_text()) == []
