"""ISO 2859-1 plans against the tables of our domain reference (docs: REFERENCE.md §1).

The expected values below are the reference's own tables, pasted as printed; the code
under test holds its own copy of Table 1 and of the master tables *with arrows*, so the
resolved table (§1.4) checks the arrow-following as well as the transcription.
"""

from decimal import Decimal

import pytest

from gendan.quality.sampling import (
    CODE_LETTERS,
    LEVELS,
    NORMAL_AQLS,
    NORMAL_TABLE,
    SAMPLE_SIZES,
    TIGHTENED_TABLE,
    SamplingError,
    SamplingPlan,
    _resolved,
    code_letter,
    master_plan,
    sampling_plan,
)

# §1.1 Table 1: lot size → code letter; columns S-1 S-2 S-3 S-4 I II III.
TABLE_1 = """
| 2 – 8 | A | A | A | A | A | A | B |
| 9 – 15 | A | A | A | A | A | B | C |
| 16 – 25 | A | A | B | B | B | C | D |
| 26 – 50 | A | B | B | C | C | D | E |
| 51 – 90 | B | B | C | C | C | E | F |
| 91 – 150 | B | B | C | D | D | F | G |
| 151 – 280 | B | C | D | E | E | G | H |
| 281 – 500 | B | C | D | E | F | H | J |
| 501 – 1 200 | C | C | E | F | G | J | K |
| 1 201 – 3 200 | C | D | E | G | H | K | L |
| 3 201 – 10 000 | C | D | F | G | J | L | M |
| 10 001 – 35 000 | C | D | F | H | K | M | N |
| 35 001 – 150 000 | D | E | G | J | L | N | P |
| 150 001 – 500 000 | D | E | G | J | M | P | Q |
| 500 001 and over | D | E | H | K | N | Q | R |
"""

# §1.3 Table 2-A as printed (arrows not followed).
TABLE_2A_COLUMNS = [
    "0.065",
    "0.10",
    "0.15",
    "0.25",
    "0.40",
    "0.65",
    "1.0",
    "1.5",
    "2.5",
    "4.0",
    "6.5",
]
TABLE_2A = """
| A | 2 | ↓ | ↓ | ↓ | ↓ | ↓ | ↓ | ↓ | ↓ | ↓ | ↓ | 0/1 |
| B | 3 | ↓ | ↓ | ↓ | ↓ | ↓ | ↓ | ↓ | ↓ | ↓ | 0/1 | ↑ |
| C | 5 | ↓ | ↓ | ↓ | ↓ | ↓ | ↓ | ↓ | ↓ | 0/1 | ↑ | ↓ |
| D | 8 | ↓ | ↓ | ↓ | ↓ | ↓ | ↓ | ↓ | 0/1 | ↑ | ↓ | 1/2 |
| E | 13 | ↓ | ↓ | ↓ | ↓ | ↓ | ↓ | 0/1 | ↑ | ↓ | 1/2 | 2/3 |
| F | 20 | ↓ | ↓ | ↓ | ↓ | ↓ | 0/1 | ↑ | ↓ | 1/2 | 2/3 | 3/4 |
| G | 32 | ↓ | ↓ | ↓ | ↓ | 0/1 | ↑ | ↓ | 1/2 | 2/3 | 3/4 | 5/6 |
| H | 50 | ↓ | ↓ | ↓ | 0/1 | ↑ | ↓ | 1/2 | 2/3 | 3/4 | 5/6 | 7/8 |
| J | 80 | ↓ | ↓ | 0/1 | ↑ | ↓ | 1/2 | 2/3 | 3/4 | 5/6 | 7/8 | 10/11 |
| K | 125 | ↓ | 0/1 | ↑ | ↓ | 1/2 | 2/3 | 3/4 | 5/6 | 7/8 | 10/11 | 14/15 |
| L | 200 | 0/1 | ↑ | ↓ | 1/2 | 2/3 | 3/4 | 5/6 | 7/8 | 10/11 | 14/15 | 21/22 |
| M | 315 | ↑ | ↓ | 1/2 | 2/3 | 3/4 | 5/6 | 7/8 | 10/11 | 14/15 | 21/22 | ↑ |
| N | 500 | ↓ | 1/2 | 2/3 | 3/4 | 5/6 | 7/8 | 10/11 | 14/15 | 21/22 | ↑ | ↑ |
| P | 800 | 1/2 | 2/3 | 3/4 | 5/6 | 7/8 | 10/11 | 14/15 | 21/22 | ↑ | ↑ | ↑ |
| Q | 1250 | 2/3 | 3/4 | 5/6 | 7/8 | 10/11 | 14/15 | 21/22 | ↑ | ↑ | ↑ | ↑ |
| R | 2000 | 3/4 | 5/6 | 7/8 | 10/11 | 14/15 | 21/22 | ↑ | ↑ | ↑ | ↑ | ↑ |
"""

# §1.3, AQL 10 and 15.
TABLE_2A_HIGH = """
| A | 2 | ↑ (see note) | ↓ |
| B | 3 | ↓ | 1/2 |
| C | 5 | 1/2 | 2/3 |
| D | 8 | 2/3 | 3/4 |
| E | 13 | 3/4 | 5/6 |
| F | 20 | 5/6 | 7/8 |
| G | 32 | 7/8 | 10/11 |
| H | 50 | 10/11 | 14/15 |
| J | 80 | 14/15 | 21/22 |
| K | 125 | 21/22 | ↑ |
| L | 200 | ↑ | ↑ |
| M | 315 | ↑ | ↑ |
| N | 500 | ↑ | ↑ |
| P | 800 | ↑ | ↑ |
| Q | 1250 | ↑ | ↑ |
| R | 2000 | ↑ | ↑ |
"""

# §1.4: Table 2-A with arrows resolved, "n: Ac/Re", bold n = the plan of another letter.
RESOLVED_2A = """
| A (2) | **200**: 0/1 | **125**: 0/1 | **80**: 0/1 | **50**: 0/1 | **32**: 0/1 | **20**: 0/1 | **13**: 0/1 | **8**: 0/1 | **5**: 0/1 | **3**: 0/1 | 2: 0/1 |
| B (3) | **200**: 0/1 | **125**: 0/1 | **80**: 0/1 | **50**: 0/1 | **32**: 0/1 | **20**: 0/1 | **13**: 0/1 | **8**: 0/1 | **5**: 0/1 | 3: 0/1 | **2**: 0/1 |
| C (5) | **200**: 0/1 | **125**: 0/1 | **80**: 0/1 | **50**: 0/1 | **32**: 0/1 | **20**: 0/1 | **13**: 0/1 | **8**: 0/1 | 5: 0/1 | **3**: 0/1 | **8**: 1/2 |
| D (8) | **200**: 0/1 | **125**: 0/1 | **80**: 0/1 | **50**: 0/1 | **32**: 0/1 | **20**: 0/1 | **13**: 0/1 | 8: 0/1 | **5**: 0/1 | **13**: 1/2 | 8: 1/2 |
| E (13) | **200**: 0/1 | **125**: 0/1 | **80**: 0/1 | **50**: 0/1 | **32**: 0/1 | **20**: 0/1 | 13: 0/1 | **8**: 0/1 | **20**: 1/2 | 13: 1/2 | 13: 2/3 |
| F (20) | **200**: 0/1 | **125**: 0/1 | **80**: 0/1 | **50**: 0/1 | **32**: 0/1 | 20: 0/1 | **13**: 0/1 | **32**: 1/2 | 20: 1/2 | 20: 2/3 | 20: 3/4 |
| G (32) | **200**: 0/1 | **125**: 0/1 | **80**: 0/1 | **50**: 0/1 | 32: 0/1 | **20**: 0/1 | **50**: 1/2 | 32: 1/2 | 32: 2/3 | 32: 3/4 | 32: 5/6 |
| H (50) | **200**: 0/1 | **125**: 0/1 | **80**: 0/1 | 50: 0/1 | **32**: 0/1 | **80**: 1/2 | 50: 1/2 | 50: 2/3 | 50: 3/4 | 50: 5/6 | 50: 7/8 |
| J (80) | **200**: 0/1 | **125**: 0/1 | 80: 0/1 | **50**: 0/1 | **125**: 1/2 | 80: 1/2 | 80: 2/3 | 80: 3/4 | 80: 5/6 | 80: 7/8 | 80: 10/11 |
| K (125) | **200**: 0/1 | 125: 0/1 | **80**: 0/1 | **200**: 1/2 | 125: 1/2 | 125: 2/3 | 125: 3/4 | 125: 5/6 | 125: 7/8 | 125: 10/11 | 125: 14/15 |
| L (200) | 200: 0/1 | **125**: 0/1 | **315**: 1/2 | 200: 1/2 | 200: 2/3 | 200: 3/4 | 200: 5/6 | 200: 7/8 | 200: 10/11 | 200: 14/15 | 200: 21/22 |
| M (315) | **200**: 0/1 | **500**: 1/2 | 315: 1/2 | 315: 2/3 | 315: 3/4 | 315: 5/6 | 315: 7/8 | 315: 10/11 | 315: 14/15 | 315: 21/22 | **200**: 21/22 |
| N (500) | **800**: 1/2 | 500: 1/2 | 500: 2/3 | 500: 3/4 | 500: 5/6 | 500: 7/8 | 500: 10/11 | 500: 14/15 | 500: 21/22 | **315**: 21/22 | **200**: 21/22 |
| P (800) | 800: 1/2 | 800: 2/3 | 800: 3/4 | 800: 5/6 | 800: 7/8 | 800: 10/11 | 800: 14/15 | 800: 21/22 | **500**: 21/22 | **315**: 21/22 | **200**: 21/22 |
| Q (1250) | 1250: 2/3 | 1250: 3/4 | 1250: 5/6 | 1250: 7/8 | 1250: 10/11 | 1250: 14/15 | 1250: 21/22 | **800**: 21/22 | **500**: 21/22 | **315**: 21/22 | **200**: 21/22 |
| R (2000) | 2000: 3/4 | 2000: 5/6 | 2000: 7/8 | 2000: 10/11 | 2000: 14/15 | 2000: 21/22 | **1250**: 21/22 | **800**: 21/22 | **500**: 21/22 | **315**: 21/22 | **200**: 21/22 |
"""

# §1.4 quick table: level II, normal, AQL 0.65 1.0 1.5 2.5 4.0 6.5.
QUICK_COLUMNS = ["0.65", "1.0", "1.5", "2.5", "4.0", "6.5"]
QUICK_TABLE = """
| 2–8 | A (2) | **20**: 0/1 | **13**: 0/1 | **8**: 0/1 | **5**: 0/1 | **3**: 0/1 | 2: 0/1 |
| 9–15 | B (3) | **20**: 0/1 | **13**: 0/1 | **8**: 0/1 | **5**: 0/1 | 3: 0/1 | **2**: 0/1 |
| 16–25 | C (5) | **20**: 0/1 | **13**: 0/1 | **8**: 0/1 | 5: 0/1 | **3**: 0/1 | **8**: 1/2 |
| 26–50 | D (8) | **20**: 0/1 | **13**: 0/1 | 8: 0/1 | **5**: 0/1 | **13**: 1/2 | 8: 1/2 |
| 51–90 | E (13) | **20**: 0/1 | 13: 0/1 | **8**: 0/1 | **20**: 1/2 | 13: 1/2 | 13: 2/3 |
| 91–150 | F (20) | 20: 0/1 | **13**: 0/1 | **32**: 1/2 | 20: 1/2 | 20: 2/3 | 20: 3/4 |
| 151–280 | G (32) | **20**: 0/1 | **50**: 1/2 | 32: 1/2 | 32: 2/3 | 32: 3/4 | 32: 5/6 |
| 281–500 | H (50) | **80**: 1/2 | 50: 1/2 | 50: 2/3 | 50: 3/4 | 50: 5/6 | 50: 7/8 |
| 501–1 200 | J (80) | 80: 1/2 | 80: 2/3 | 80: 3/4 | 80: 5/6 | 80: 7/8 | 80: 10/11 |
| 1 201–3 200 | K (125) | 125: 2/3 | 125: 3/4 | 125: 5/6 | 125: 7/8 | 125: 10/11 | 125: 14/15 |
| 3 201–10 000 | L (200) | 200: 3/4 | 200: 5/6 | 200: 7/8 | 200: 10/11 | 200: 14/15 | 200: 21/22 |
| 10 001–35 000 | M (315) | 315: 5/6 | 315: 7/8 | 315: 10/11 | 315: 14/15 | 315: 21/22 | **200**: 21/22 |
| 35 001–150 000 | N (500) | 500: 7/8 | 500: 10/11 | 500: 14/15 | 500: 21/22 | **315**: 21/22 | **200**: 21/22 |
| 150 001–500 000 | P (800) | 800: 10/11 | 800: 14/15 | 800: 21/22 | **500**: 21/22 | **315**: 21/22 | **200**: 21/22 |
| 500 001 + | Q (1250) | 1250: 14/15 | 1250: 21/22 | **800**: 21/22 | **500**: 21/22 | **315**: 21/22 | **200**: 21/22 |
"""

# §1.5 Table 2-B, tightened, as printed; ‡ marks rows derived from the pattern only.
TABLE_2B_COLUMNS = ["0.65", "1.0", "1.5", "2.5", "4.0", "6.5"]
TABLE_2B = """
| A | 2 | ↓ | ↓ | ↓ | ↓ | ↓ | ↓ |
| B | 3 | ↓ | ↓ | ↓ | ↓ | ↓ | 0/1 |
| C | 5 | ↓ | ↓ | ↓ | ↓ | 0/1 | ↓ |
| D | 8 | ↓ | ↓ | ↓ | 0/1 | ↓ | ↓ |
| E | 13 | ↓ | ↓ | 0/1 | ↓ | ↓ | 1/2 |
| F | 20 | ↓ | 0/1 | ↓ | ↓ | 1/2 | 2/3 |
| G | 32 | 0/1 | ↓ | ↓ | 1/2 | 2/3 | 3/4 |
| H | 50 | ↓ | ↓ | 1/2 | 2/3 | 3/4 | 5/6 |
| J | 80 | ↓ | 1/2 | 2/3 | 3/4 | 5/6 | 8/9 |
| K | 125 | 1/2 | 2/3 | 3/4 | 5/6 | 8/9 | 12/13 |
| L | 200 | 2/3 | 3/4 | 5/6 | 8/9 | 12/13 | 18/19 |
| M ‡ | 315 | 3/4 | 5/6 | 8/9 | 12/13 | 18/19 | ↑ |
| N ‡ | 500 | 5/6 | 8/9 | 12/13 | 18/19 | ↑ | ↑ |
| P ‡ | 800 | 8/9 | 12/13 | 18/19 | ↑ | ↑ | ↑ |
| Q ‡ | 1250 | 12/13 | 18/19 | ↑ | ↑ | ↑ | ↑ |
| R ‡ | 2000 | 18/19 | ↑ | ↑ | ↑ | ↑ | ↑ |
"""


def _rows(table: str) -> list[list[str]]:
    """Markdown rows → cells, bold markers removed."""
    return [
        [cell.strip().replace("**", "") for cell in line.strip().strip("|").split("|")]
        for line in table.strip().splitlines()
    ]


def _band(text: str) -> tuple[int, int | None]:
    text = text.replace(" ", "").replace("–", "-")
    if text.endswith("andover") or text.endswith("+"):
        return int(text.removesuffix("andover").removesuffix("+")), None
    low, high = text.split("-")
    return int(low), int(high)


def _plan(text: str) -> tuple[int, int, int]:
    """ "200: 0/1" → (200, 0, 1)."""
    n, numbers = text.split(":")
    accept, reject = numbers.split("/")
    return int(n), int(accept), int(reject)


def _bold(text: str) -> bool:
    return text.strip().startswith("**")


TABLE_1_CASES = [
    pytest.param(lot, level, letter, id=f"{level}-{lot}")
    for band, *letters in _rows(TABLE_1)
    for level, letter in zip(LEVELS, letters, strict=True)
    for lot in {_band(band)[0], _band(band)[1] or 10_000_000}
]


@pytest.mark.parametrize(("lot_size", "level", "letter"), TABLE_1_CASES)
def test_table_1_gives_the_letter_at_both_ends_of_every_band(lot_size, level, letter):
    assert code_letter(lot_size, level) == letter


def test_table_1_has_every_band_and_level():
    assert len(TABLE_1_CASES) == 15 * 7 * 2


def test_table_1_bands_touch_without_gaps():
    bands = [_band(row[0]) for row in _rows(TABLE_1)]
    for (_, high), (low, _) in zip(bands, bands[1:], strict=False):
        assert low == high + 1


def test_sample_sizes_per_letter():
    assert {row[0]: int(row[1]) for row in _rows(TABLE_2A)} == SAMPLE_SIZES
    assert "".join(SAMPLE_SIZES) == CODE_LETTERS == "ABCDEFGHJKLMNPQR"


@pytest.mark.parametrize("row", _rows(TABLE_2A), ids=lambda row: row[0])
def test_the_stored_normal_table_is_table_2a_as_printed(row):
    letter, _n, *cells = row
    assert NORMAL_TABLE[letter].split()[: len(TABLE_2A_COLUMNS)] == cells


@pytest.mark.parametrize("row", _rows(TABLE_2A_HIGH), ids=lambda row: row[0])
def test_the_stored_normal_table_has_aql_10_and_15_as_printed(row):
    letter, _n, *cells = row
    assert NORMAL_TABLE[letter].split()[-2:] == [cell.split()[0] for cell in cells]


@pytest.mark.parametrize("row", _rows(TABLE_2B), ids=lambda row: row[0])
def test_the_stored_tightened_table_is_table_2b_as_printed(row):
    letter, _n, *cells = row
    assert TIGHTENED_TABLE[letter.split()[0]].split() == cells


@pytest.mark.parametrize("column", range(11), ids=lambda c: TABLE_2A_COLUMNS[c])
def test_every_normal_column_follows_the_pattern_of_the_standard(column):
    # §1.3: ↓ above the zero row; then 0/1 ↑ ↓ 1/2 … 21/22; then ↑ to the bottom.
    cells = [NORMAL_TABLE[letter].split()[column] for letter in CODE_LETTERS]
    zero = cells.index("0/1")
    assert zero == CODE_LETTERS.index("LKJHGFEDCBA"[column])
    assert set(cells[:zero]) <= {"↓"}
    series = ["0/1", "↑", "↓", "1/2", "2/3", "3/4", "5/6", "7/8", "10/11", "14/15", "21/22"]
    assert cells[zero : zero + len(series)] == series[: len(cells) - zero]
    assert set(cells[zero + len(series) :]) <= {"↑"}


RESOLVED_CASES = [
    pytest.param(row[0].split()[0], aql, expected, _bold(raw), id=f"{row[0][0]}-{aql}")
    for row, raw_row in zip(
        _rows(RESOLVED_2A),
        [line.strip().strip("|").split("|") for line in RESOLVED_2A.strip().splitlines()],
        strict=True,
    )
    for aql, expected, raw in zip(TABLE_2A_COLUMNS, row[1:], raw_row[1:], strict=True)
]


@pytest.mark.parametrize(("letter", "aql", "expected", "moved"), RESOLVED_CASES)
def test_every_cell_of_the_resolved_normal_table(letter, aql, expected, moved):
    plan = master_plan(letter, Decimal(aql))
    n, accept, reject = _plan(expected)
    assert (plan.sample_size, plan.accept, plan.reject) == (n, accept, reject)
    assert plan.sample_size == SAMPLE_SIZES[plan.code_letter]
    # A bold n in §1.4 is exactly a plan taken from another letter's row.
    assert (plan.table_letter == letter) is moved
    assert plan.code_letter == letter or moved


def test_the_resolved_table_covers_every_letter_and_aql():
    assert len(RESOLVED_CASES) == 16 * 11


QUICK_CASES = [
    pytest.param(lot, aql, row[1][0], expected, id=f"{lot}-{aql}")
    for row in _rows(QUICK_TABLE)
    for aql, expected in zip(QUICK_COLUMNS, row[2:], strict=True)
    for lot in (_band(row[0])[0], _band(row[0])[1] or 2_000_000)
]


@pytest.mark.parametrize(("lot_size", "aql", "letter", "expected"), QUICK_CASES)
def test_quick_table_level_ii(lot_size, aql, letter, expected):
    plan = sampling_plan(lot_size=lot_size, level="II", aql=Decimal(aql))
    n, accept, reject = _plan(expected)
    assert (plan.table_letter or plan.code_letter) == letter
    assert (plan.accept, plan.reject) == (accept, reject)
    assert plan.sample_size == min(n, lot_size)
    assert plan.full_inspection is (n >= lot_size)


@pytest.mark.parametrize(
    ("lot_size", "aql", "expected"),
    [
        # §1.4 worked examples, level II, normal.
        (3000, "2.5", SamplingPlan("K", 125, 7, 8)),
        (3000, "4.0", SamplingPlan("K", 125, 10, 11)),
        (5000, "0.65", SamplingPlan("L", 200, 3, 4)),
        (5000, "2.5", SamplingPlan("L", 200, 10, 11)),
        (5000, "4.0", SamplingPlan("L", 200, 14, 15)),
        (60, "2.5", SamplingPlan("F", 20, 1, 2, table_letter="E")),
        (60, "0.65", SamplingPlan("F", 20, 0, 1, table_letter="E")),
        (200, "0.65", SamplingPlan("F", 20, 0, 1, table_letter="G")),
        (12, "1.0", SamplingPlan("E", 12, 0, 1, table_letter="B", full_inspection=True)),
        (20000, "6.5", SamplingPlan("L", 200, 21, 22, table_letter="M")),
    ],
)
def test_worked_examples(lot_size, aql, expected):
    assert sampling_plan(lot_size=lot_size, level="II", aql=Decimal(aql)) == expected


@pytest.mark.parametrize(
    ("level", "lot_size", "aql", "expected"),
    [
        # Cells of ISO 2859-1:1999 quoted by Jenkins et al. (§1.4 spot checks).
        ("S-4", 35001, "0.65", (80, 1, 2)),
        ("S-4", 500000, "0.40", (125, 1, 2)),
        ("S-4", 100000, "0.25", (50, 0, 1)),
        ("S-4", 200000, "0.15", (80, 0, 1)),
        ("S-3", 35001, "0.65", (20, 0, 1)),
        ("S-3", 500000, "0.40", (32, 0, 1)),
        ("II", 1000, "1.0", (80, 2, 3)),  # J/1.0 = 80: 2/3 (lecturehub.ie)
        ("I", 3000, "1.0", (50, 1, 2)),  # level I is not level II: H, not K
    ],
)
def test_published_spot_checks(level, lot_size, aql, expected):
    plan = sampling_plan(lot_size=lot_size, level=level, aql=Decimal(aql))
    assert (plan.sample_size, plan.accept, plan.reject) == expected


@pytest.mark.parametrize(
    ("lot_size", "level", "aql", "sample_size", "accept", "reject"),
    [
        (12, "II", "1.0", 12, 0, 1),  # B → E, n = 13 ≥ 12
        (13, "II", "1.0", 13, 0, 1),  # n = 13 = lot: still 100 %
        (14, "II", "1.0", 13, 0, 1),  # B → E, n = 13 < 14: sampled
        (2, "III", "6.5", 2, 0, 1),  # B/6.5 ↑ → A, n = 2 = lot
        (20, "S-1", "0.065", 20, 0, 1),  # A → L, n = 200
        (8, "II", "6.5", 2, 0, 1),  # A: 2 < 8, sampled
    ],
)
def test_whole_lot_is_inspected_when_the_sample_is_not_smaller(
    lot_size, level, aql, sample_size, accept, reject
):
    plan = sampling_plan(lot_size=lot_size, level=level, aql=Decimal(aql))
    assert (plan.sample_size, plan.accept, plan.reject) == (sample_size, accept, reject)
    assert plan.full_inspection is (sample_size == lot_size)


def test_the_100_percent_rule_uses_the_sample_size_after_the_arrows():
    # Lot 60, E (13 < 60) but E/0.65 ↓ → F, n = 20 < 60: sampled.  Lot 15, B/0.65 → F, 20 ≥ 15.
    assert not sampling_plan(lot_size=60, aql=Decimal("0.65")).full_inspection
    assert sampling_plan(lot_size=15, aql=Decimal("0.65")) == SamplingPlan(
        "F", 15, 0, 1, table_letter="B", full_inspection=True
    )


@pytest.mark.parametrize(
    ("letter", "aql", "expected"),
    [
        # AQL 10 and 15 (§1.4), arrows followed by hand.
        ("A", "15", (3, 1, 2)),
        ("B", "10", (5, 1, 2)),
        ("J", "10", (80, 14, 15)),
        ("K", "15", (80, 21, 22)),
        ("R", "10", (125, 21, 22)),
        # A/10: printed ↑ with nothing above; the reference recommends ↓ → C: 5, 1/2.
        ("A", "10", (5, 1, 2)),
    ],
)
def test_aql_10_and_15(letter, aql, expected):
    plan = master_plan(letter, Decimal(aql))
    assert (plan.sample_size, plan.accept, plan.reject) == expected


def test_a_at_aql_10_is_logged(caplog):
    _resolved.cache_clear()
    with caplog.at_level("WARNING", logger="gendan.quality.sampling"):
        master_plan("A", Decimal("10"))
    assert "points up past row A" in caplog.text


@pytest.mark.parametrize(
    ("letter", "aql", "expected"),
    [
        # Table 2-B with arrows followed by hand (§1.5): same n per letter as normal.
        ("A", "6.5", ("B", 3, 0, 1)),
        ("C", "6.5", ("E", 13, 1, 2)),
        ("D", "6.5", ("E", 13, 1, 2)),
        ("G", "0.65", ("G", 32, 0, 1)),
        ("H", "0.65", ("K", 125, 1, 2)),
        ("J", "0.65", ("K", 125, 1, 2)),
        ("A", "0.65", ("G", 32, 0, 1)),
        ("K", "2.5", ("K", 125, 5, 6)),
        ("L", "2.5", ("L", 200, 8, 9)),
        ("L", "6.5", ("L", 200, 18, 19)),
        ("M", "6.5", ("L", 200, 18, 19)),
        ("R", "1.0", ("Q", 1250, 18, 19)),
        ("R", "0.65", ("R", 2000, 18, 19)),
    ],
)
def test_tightened_plans(letter, aql, expected):
    plan = master_plan(letter, Decimal(aql), "tightened")
    assert (plan.code_letter, plan.sample_size, plan.accept, plan.reject) == expected
    assert plan.severity == "tightened"


def test_tightened_sampling_plan_for_a_lot():
    # Lot 3 000, level II → K; tightened 2.5 → 125: 5/6 (normal would be 7/8).
    plan = sampling_plan(lot_size=3000, level="II", aql=Decimal("2.5"), severity="tightened")
    assert plan == SamplingPlan("K", 125, 5, 6, severity="tightened")


@pytest.mark.parametrize("level", ["ii", " II ", "Level II", "level ii"])
def test_level_spellings(level):
    assert code_letter(100, level) == "F"


@pytest.mark.parametrize("level", ["s3", "S3", "s-3"])
def test_special_level_spellings(level):
    assert code_letter(100, level) == "C"


@pytest.mark.parametrize(
    ("aql", "column"),
    [
        (Decimal("1"), "1.0"),
        (Decimal("1.00"), "1.0"),
        ("1.0", "1.0"),
        ("0.1", "0.10"),
        (" 4 ", "4.0"),
    ],
)
def test_aql_written_differently_is_the_same_column(aql, column):
    assert master_plan("K", aql) == master_plan("K", Decimal(column))


@pytest.mark.parametrize("lot_size", [0, 1, -5, 2.5, "100", True, None])
def test_bad_lot_sizes(lot_size):
    with pytest.raises(SamplingError, match="at least 2"):
        sampling_plan(lot_size=lot_size, level="II", aql=Decimal("2.5"))


@pytest.mark.parametrize("level", ["IV", "S-5", "", "normal", "tightened"])
def test_bad_levels_name_the_allowed_ones(level):
    with pytest.raises(SamplingError) as raised:
        sampling_plan(lot_size=100, level=level, aql=Decimal("2.5"))
    assert "S-1, S-2, S-3, S-4, I, II, III" in str(raised.value)


@pytest.mark.parametrize(
    "aql",
    [
        Decimal("3"),
        Decimal("0.01"),
        Decimal("25"),
        "abc",
        "",
        Decimal("NaN"),
        Decimal("sNaN"),
        [2.5],
    ],
)
def test_bad_aqls_name_the_allowed_ones(aql):
    with pytest.raises(SamplingError) as raised:
        sampling_plan(lot_size=100, level="II", aql=aql)
    assert ", ".join(NORMAL_AQLS) in str(raised.value)


def test_tightened_aqls_outside_its_table():
    with pytest.raises(SamplingError) as raised:
        sampling_plan(lot_size=100, aql=Decimal("0.065"), severity="tightened")
    assert "0.65, 1.0, 1.5, 2.5, 4.0, 6.5" in str(raised.value)


@pytest.mark.parametrize("severity", ["Tightened", " TIGHTENED "])
def test_severity_spellings(severity):
    assert master_plan("K", Decimal("2.5"), severity).accept == 5


def test_bad_severity_names_the_allowed_ones():
    with pytest.raises(SamplingError) as raised:
        sampling_plan(lot_size=100, aql=Decimal("2.5"), severity="reduced")
    assert "normal, tightened" in str(raised.value)


def test_bad_letter_names_the_allowed_ones():
    with pytest.raises(SamplingError) as raised:
        master_plan("I", Decimal("2.5"))
    assert "A, B, C, D, E, F, G, H, J, K, L, M, N, P, Q, R" in str(raised.value)


def test_sampling_error_is_a_value_error():
    assert issubclass(SamplingError, ValueError)


@pytest.mark.parametrize(("defects", "accepted"), [(0, True), (7, True), (8, False), (30, False)])
def test_a_lot_is_accepted_up_to_the_acceptance_number(defects, accepted):
    plan = sampling_plan(lot_size=3000, aql=Decimal("2.5"))  # K: 125, 7/8
    assert plan.accepts(defects) is accepted
