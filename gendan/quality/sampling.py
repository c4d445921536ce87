"""ISO 2859-1 single sampling by attributes: lot size, inspection level and AQL → plan.

The tables are kept as data, exactly as the standard prints them (arrows included), so a
reviewer can hold them against a copy of the standard cell by cell; the arrows are
followed in code.  ISO 2859-1:1999, ANSI/ASQ Z1.4 and MIL-STD-105E share these tables.

Not covered: reduced inspection (Table 2-C is not verified in our reference) and the
switching rules between severities, which belong to the inspection history, not to a plan.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache

from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

NORMAL = "normal"
TIGHTENED = "tightened"
SEVERITIES = (NORMAL, TIGHTENED)

# Inspection levels in the column order of Table 1.  The level is independent of the
# severity: level III is not "tightened".
LEVELS = ("S-1", "S-2", "S-3", "S-4", "I", "II", "III")
DEFAULT_LEVEL = "II"

# I and O are never used as code letters.
CODE_LETTERS = "ABCDEFGHJKLMNPQR"
SAMPLE_SIZES: dict[str, int] = dict(
    zip(
        CODE_LETTERS,
        (2, 3, 5, 8, 13, 20, 32, 50, 80, 125, 200, 315, 500, 800, 1250, 2000),
        strict=True,
    )
)

# The smallest lot Table 1 knows: a "lot" of one unit is simply inspected.
MIN_LOT_SIZE = 2

# Table 1: (smallest lot, largest lot or None, letters for S-1 S-2 S-3 S-4 I II III).
# Source disagreement (reference §1.7): one public calculator gives S-3 → 32 and S-4 → 80
# for lots of 500 001 and over; Table 1 gives H (50) and K (125), as five other sources
# agree, and that is what is kept here.
LOT_SIZE_BANDS: tuple[tuple[int, int | None, str], ...] = (
    (2, 8, "AAAAAAB"),
    (9, 15, "AAAAABC"),
    (16, 25, "AABBBCD"),
    (26, 50, "ABBCCDE"),
    (51, 90, "BBCCCEF"),
    (91, 150, "BBCDDFG"),
    (151, 280, "BCDEEGH"),
    (281, 500, "BCDEFHJ"),
    (501, 1200, "CCEFGJK"),
    (1201, 3200, "CDEGHKL"),
    (3201, 10000, "CDFGJLM"),
    (10001, 35000, "CDFHKMN"),
    (35001, 150000, "DEGJLNP"),
    (150001, 500000, "DEGJMPQ"),
    (500001, None, "DEHKNQR"),
)

DOWN = "↓"  # use the first plan below, same AQL column (larger sample)
UP = "↑"  # use the first plan above, same AQL column (smaller sample)

# Table 2-A, single sampling, normal inspection: cells are "Ac/Re" or an arrow.
# Source disagreement (reference §1.7): some calculators keep the letter's own n in arrow
# cells and fill them with 0/1 or 21/22 (E/2.5 = 13: 0/1); the standard moves to the row
# where the plan is and uses that row's n (E/2.5 → F: 20, 1/2), as done here.
# AQL 10 and 15 are only for product specifications that ask for them.
NORMAL_AQLS = ("0.065", "0.10", "0.15", "0.25", "0.40", "0.65", "1.0", "1.5", "2.5", "4.0", "6.5", "10", "15")  # fmt: skip
NORMAL_TABLE: dict[str, str] = {
    # A/10 is "↑" as printed (MIL-STD-105E II-A, NIBS transcription), with no plan above it;
    # see _follow() for what is done with it.
    "A": "↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓",
    "B": "↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     1/2",
    "C": "↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     1/2   2/3",
    "D": "↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     1/2   2/3   3/4",
    "E": "↓     ↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     1/2   2/3   3/4   5/6",
    "F": "↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     1/2   2/3   3/4   5/6   7/8",
    "G": "↓     ↓     ↓     ↓     0/1   ↑     ↓     1/2   2/3   3/4   5/6   7/8   10/11",
    "H": "↓     ↓     ↓     0/1   ↑     ↓     1/2   2/3   3/4   5/6   7/8   10/11 14/15",
    "J": "↓     ↓     0/1   ↑     ↓     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22",
    "K": "↓     0/1   ↑     ↓     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 ↑",
    "L": "0/1   ↑     ↓     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 ↑     ↑",
    "M": "↑     ↓     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 ↑     ↑     ↑",
    "N": "↓     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 ↑     ↑     ↑     ↑",
    "P": "1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 ↑     ↑     ↑     ↑     ↑",
    "Q": "2/3   3/4   5/6   7/8   10/11 14/15 21/22 ↑     ↑     ↑     ↑     ↑     ↑",
    "R": "3/4   5/6   7/8   10/11 14/15 21/22 ↑     ↑     ↑     ↑     ↑     ↑     ↑",
}

# Table 2-B, single sampling, tightened inspection, AQL 0.65–6.5; same n per letter.
# Rows A–L come from one source (NIBS transcription of MIL-STD-105E II-B); rows M–R follow
# its pattern only.  Check against a licensed copy of ISO 2859-1 before relying on them.
TIGHTENED_AQLS = ("0.65", "1.0", "1.5", "2.5", "4.0", "6.5")
TIGHTENED_TABLE: dict[str, str] = {
    "A": "↓     ↓     ↓     ↓     ↓     ↓",
    "B": "↓     ↓     ↓     ↓     ↓     0/1",
    "C": "↓     ↓     ↓     ↓     0/1   ↓",
    "D": "↓     ↓     ↓     0/1   ↓     ↓",
    "E": "↓     ↓     0/1   ↓     ↓     1/2",
    "F": "↓     0/1   ↓     ↓     1/2   2/3",
    "G": "0/1   ↓     ↓     1/2   2/3   3/4",
    "H": "↓     ↓     1/2   2/3   3/4   5/6",
    "J": "↓     1/2   2/3   3/4   5/6   8/9",
    "K": "1/2   2/3   3/4   5/6   8/9   12/13",
    "L": "2/3   3/4   5/6   8/9   12/13 18/19",
    "M": "3/4   5/6   8/9   12/13 18/19 ↑",
    "N": "5/6   8/9   12/13 18/19 ↑     ↑",
    "P": "8/9   12/13 18/19 ↑     ↑     ↑",
    "Q": "12/13 18/19 ↑     ↑     ↑     ↑",
    "R": "18/19 ↑     ↑     ↑     ↑     ↑",
}

_TABLES: dict[str, tuple[tuple[str, ...], dict[str, str]]] = {
    NORMAL: (NORMAL_AQLS, NORMAL_TABLE),
    TIGHTENED: (TIGHTENED_AQLS, TIGHTENED_TABLE),
}

SEVERITY_LABELS = {NORMAL: _("normal"), TIGHTENED: _("tightened")}


class SamplingError(ValueError):
    """A lot size, level, AQL or severity outside the standard's tables.

    The message is meant for the user: it names the values that are allowed.
    """


@dataclass(frozen=True)
class SamplingPlan:
    """What the inspector applies to one lot.

    ``code_letter`` is the letter whose plan is used after following arrows; when the
    arrows moved away from the letter Table 1 gave, that letter is kept in
    ``table_letter`` (``None`` when they are the same), because reports quote both.
    """

    code_letter: str
    sample_size: int
    accept: int
    reject: int
    table_letter: str | None = None
    full_inspection: bool = False
    severity: str = NORMAL

    def accepts(self, defects: int) -> bool:
        """Whether a lot with this many defects (or defectives) in the sample is accepted.

        In single sampling Re = Ac + 1, so "not accepted" is the same as "rejected".
        """
        return defects <= self.accept


def _cells(row: str) -> tuple[str, ...]:
    return tuple(row.split())


def _allowed(values: tuple[str, ...] | str) -> str:
    return ", ".join(values)


def normalise_level(level: str) -> str:
    """The level as Table 1 names it ("II", "S-3") from what people type ("ii", "Level II", "s3")."""
    text = str(level).strip().upper().removeprefix("LEVEL").strip()
    if text.startswith("S") and text[1:].isdigit():
        text = f"S-{text[1:]}"
    if text not in LEVELS:
        raise SamplingError(
            _("Unknown inspection level “%(level)s”; the levels are %(allowed)s.")
            % {"level": level, "allowed": _allowed(LEVELS)}
        )
    return text


def _normalise_severity(severity: str) -> str:
    if str(severity).strip().lower() not in SEVERITIES:
        raise SamplingError(
            _("Unknown inspection severity “%(severity)s”; the severities are %(allowed)s.")
            % {"severity": severity, "allowed": _allowed(SEVERITIES)}
        )
    return str(severity).strip().lower()


def aql_column(aql: Decimal | str, severity: str = NORMAL) -> int:
    """Index of the AQL's column; ``Decimal("1")`` and ``"1.0"`` are the same column."""
    severity = _normalise_severity(severity)
    columns, _table = _TABLES[severity]
    try:
        value: Decimal | None = Decimal(str(aql).strip())
    except (InvalidOperation, ValueError, TypeError):
        value = None
    for index, column in enumerate(columns):
        if value is not None and value.is_finite() and value == Decimal(column):
            return index
    raise SamplingError(
        _("AQL %(aql)s is not in the table for %(severity)s inspection; the AQLs are %(allowed)s.")
        % {"aql": aql, "severity": SEVERITY_LABELS[severity], "allowed": _allowed(columns)}
    )


def code_letter(lot_size: int, level: str = DEFAULT_LEVEL) -> str:
    """Table 1: the sample-size code letter for a lot size and an inspection level."""
    if isinstance(lot_size, bool) or not isinstance(lot_size, int) or lot_size < MIN_LOT_SIZE:
        raise SamplingError(
            _("The lot size must be a whole number of at least %(minimum)s units.")
            % {"minimum": MIN_LOT_SIZE}
        )
    column = LEVELS.index(normalise_level(level))
    for low, high, letters in LOT_SIZE_BANDS:
        if low <= lot_size and (high is None or lot_size <= high):
            return letters[column]
    raise AssertionError("Table 1 covers every lot size from 2 up")  # pragma: no cover


def _follow(table: dict[str, str], letter: str, column: int) -> str:
    """The letter whose cell holds the plan reached from ``letter`` by following arrows.

    Arrows are vertical: the same AQL column, first plan below (↓) or above (↑).
    """
    row = CODE_LETTERS.index(letter)
    cell = _cells(table[letter])[column]
    if cell not in (DOWN, UP):
        return letter
    if cell == UP and row == 0:
        # Normal A/AQL 10 is printed "↑" with nothing above it.  Our reference (§1.4, note
        # on AQL 10 and 15) records the disagreement between sources and recommends
        # treating it as "↓" (→ C: n = 5, 1/2); we follow that recommendation.
        logger.warning(
            "ISO 2859-1: %s/column %s points up past row A; using the plan below", letter, column
        )
        cell = DOWN
    step = 1 if cell == DOWN else -1
    row += step
    while 0 <= row < len(CODE_LETTERS):
        candidate = CODE_LETTERS[row]
        if _cells(table[candidate])[column] not in (DOWN, UP):
            return candidate
        row += step
    raise AssertionError(f"no plan {cell} {letter} in column {column}")  # pragma: no cover


def master_plan(letter: str, aql: Decimal | str, severity: str = NORMAL) -> SamplingPlan:
    """The plan for a code letter and AQL in the master table, arrows followed.

    The sample size is that of the row where the plan is found, not of ``letter``.
    No lot size is involved, so no 100 % rule: see :func:`sampling_plan`.
    """
    severity = _normalise_severity(severity)
    if letter not in SAMPLE_SIZES:
        raise SamplingError(
            _("Unknown code letter “%(letter)s”; the code letters are %(allowed)s.")
            % {"letter": letter, "allowed": _allowed(tuple(CODE_LETTERS))}
        )
    return _resolved(severity, letter, aql_column(aql, severity))


@cache
def _resolved(severity: str, letter: str, column: int) -> SamplingPlan:
    """The plan of one cell; cached, as the tables never change while running."""
    _columns, table = _TABLES[severity]
    used = _follow(table, letter, column)
    accept, reject = (int(number) for number in _cells(table[used])[column].split("/"))
    return SamplingPlan(
        code_letter=used,
        sample_size=SAMPLE_SIZES[used],
        accept=accept,
        reject=reject,
        table_letter=letter if used != letter else None,
        severity=severity,
    )


def sampling_plan(
    *, lot_size: int, level: str = DEFAULT_LEVEL, aql: Decimal, severity: str = NORMAL
) -> SamplingPlan:
    """The single-sampling plan for one lot, as the inspector applies it.

    When the plan's sample size is not smaller than the lot, the whole lot is inspected
    (the standard's footnote): ``sample_size`` becomes the lot size and the plan's
    acceptance and rejection numbers still apply.
    """
    letter = code_letter(lot_size, level)
    plan = master_plan(letter, aql, severity)
    if plan.sample_size < lot_size:
        return plan
    return SamplingPlan(
        code_letter=plan.code_letter,
        sample_size=lot_size,
        accept=plan.accept,
        reject=plan.reject,
        table_letter=plan.table_letter,
        full_inspection=True,
        severity=plan.severity,
    )
