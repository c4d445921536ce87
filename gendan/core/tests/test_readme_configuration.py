"""The README names every environment variable the settings read, and its pictures exist."""

import re
from pathlib import Path

from django.conf import settings

SETTINGS_FILE = Path(settings.BASE_DIR) / "gendan" / "settings.py"
README = Path(settings.BASE_DIR) / "README.md"


def test_every_environment_variable_is_in_the_readme_table():
    read = set(
        re.findall(
            r"\benv(?:_int|_bool|_list)?\(\s*\"([A-Z][A-Z0-9_]+)\"", SETTINGS_FILE.read_text()
        )
    )
    table = README.read_text().split("## Configuration", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", table))

    assert len(read) > 20  # the pattern still finds the settings' variables
    assert sorted(read - documented) == []


def test_every_picture_the_readme_shows_is_in_the_repository():
    pictures = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", README.read_text())

    assert pictures
    assert [p for p in pictures if not (Path(settings.BASE_DIR) / p).is_file()] == []
