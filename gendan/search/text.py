"""Turning text into index tokens, and a search box's words into queries.

Neither SQLite's FTS5 tokenizers nor PostgreSQL's text parser split Chinese into words:
a run of Chinese characters becomes one token, so "延期" inside "交货延期两周" is not
found.  The index therefore holds text tokenised here: each run of CJK characters as
overlapping two-character tokens ("交货延期" -> "交货 货延 延期") and other text as
lower-case words of letters and digits without accents ("PI-2026-0012" -> "pi 2026
0012").  A search word is tokenised the same way and looked up as a phrase (its tokens
adjacent and in order), which makes a Chinese word of two or more characters match
exactly where it occurs as a substring.  A one-character Chinese word has no two-character
token to look up; the caller falls back to a substring scan for it.

Both databases index the same tokens: SQLite with FTS5's ``unicode61`` tokenizer,
PostgreSQL with ``to_tsvector('simple', ...)``; neither changes a token further.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# Kana, CJK extension A, unified ideographs, Hangul syllables, compatibility ideographs.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_CJK_RUN = re.compile(f"([{_CJK}]+)")
# Letters and digits; underscores and punctuation separate words.
_WORD = re.compile(r"[^\W_]+")

# A search box is for a few words, not a document.
MAX_QUERY_WORDS = 8
MAX_QUERY_LENGTH = 200
# Prefix matching ("sample" finds "samples") from this many characters on: shorter
# prefixes would match a large part of the vocabulary.
PREFIX_FROM = 3


def _plain_words(text: str) -> list[str]:
    """Non-CJK text as lower-case words without accents: 'Müller-Lüdenscheidt' -> muller, ludenscheidt."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _WORD.findall(stripped)


def tokens(text: str) -> list[str]:
    """The index tokens of ``text``, in order."""
    out: list[str] = []
    # NFKC first: full-width Latin (ＰＯ１２) becomes ASCII, half-width kana full-width.
    for part in _CJK_RUN.split(unicodedata.normalize("NFKC", text or "")):
        if not part:
            continue
        if _CJK_RUN.fullmatch(part):
            if len(part) == 1:
                out.append(part)
            else:
                out.extend(part[i : i + 2] for i in range(len(part) - 1))
        else:
            out.extend(_plain_words(part))
    return out


def index_text(text: str) -> str:
    """What goes into the index column: the tokens joined by spaces."""
    return " ".join(tokens(text))


def is_single_cjk(token: str) -> bool:
    return len(token) == 1 and bool(_CJK_RUN.fullmatch(token))


@dataclass
class Term:
    """One word of the search box, as index tokens."""

    word: str
    tokens: list[str]

    @property
    def prefix(self) -> bool:
        """Match the last token as a prefix: it is a Latin word long enough to be specific."""
        last = self.tokens[-1]
        return len(last) >= PREFIX_FROM and not _CJK_RUN.search(last)


@dataclass
class ParsedQuery:
    """The search box's words: those the index answers, and one-character Chinese words
    that only a substring scan can find."""

    terms: list[Term] = field(default_factory=list)
    substrings: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.terms or self.substrings)

    @property
    def words(self) -> list[str]:
        """Every word, for highlighting."""
        return [term.word for term in self.terms] + self.substrings


def parse_query(q: str) -> ParsedQuery:
    """Split the search box into words; every word must match (AND)."""
    text = unicodedata.normalize("NFKC", (q or "").replace("\x00", ""))[:MAX_QUERY_LENGTH]
    parsed = ParsedQuery()
    seen: set[str] = set()
    for word in text.split():
        word_tokens = tokens(word)
        if not word_tokens:
            continue  # punctuation only
        key = " ".join(word_tokens)
        if key in seen:
            continue
        seen.add(key)
        if len(word_tokens) == 1 and is_single_cjk(word_tokens[0]):
            parsed.substrings.append(word_tokens[0])
        elif any(is_single_cjk(token) for token in word_tokens):
            # "A延" mixes a Latin word and one Chinese character: the Latin part is
            # looked up, the character is checked as a substring.
            parsed.terms.append(
                Term(word, [token for token in word_tokens if not is_single_cjk(token)])
            )
            parsed.substrings.extend(token for token in word_tokens if is_single_cjk(token))
        else:
            parsed.terms.append(Term(word, word_tokens))
        if len(parsed.terms) + len(parsed.substrings) >= MAX_QUERY_WORDS:
            break
    return parsed


def fts5_query(parsed: ParsedQuery) -> str:
    """An FTS5 MATCH expression: each word a phrase of its tokens, all words required."""
    phrases = []
    for term in parsed.terms:
        phrase = '"' + " ".join(token.replace('"', '""') for token in term.tokens) + '"'
        phrases.append(phrase + "*" if term.prefix else phrase)
    return " AND ".join(phrases)


def tsquery(parsed: ParsedQuery) -> str:
    """A PostgreSQL to_tsquery('simple', ...) expression with the same meaning.

    Tokens hold only letters and digits (see ``tokens``), so they need no quoting beyond
    the single quotes that make each one a lexeme.
    """
    parts = []
    for term in parsed.terms:
        lexemes = [f"'{token}'" for token in term.tokens]
        if term.prefix:
            lexemes[-1] += ":*"
        parts.append("(" + " <-> ".join(lexemes) + ")")
    return " & ".join(parts)
