"""Tokenising text for the index and turning the search box into queries."""

from __future__ import annotations

from gendan.search.text import fts5_query, index_text, parse_query, tokens, tsquery


def test_chinese_becomes_overlapping_pairs_and_latin_lower_case_words():
    assert tokens("订单PO-4711延期两周") == ["订单", "po", "4711", "延期", "期两", "两周"]


def test_accents_and_full_width_letters_are_folded():
    assert tokens("Müller ＰＯ１２") == ["muller", "po12"]


def test_a_single_chinese_character_stays_a_token_of_its_own():
    assert index_text("延 hello") == "延 hello"


def test_an_order_number_is_one_phrase_of_its_parts():
    parsed = parse_query("PI-2026-0012")

    assert fts5_query(parsed) == '"pi 2026 0012"*'
    assert tsquery(parsed) == "('pi' <-> '2026' <-> '0012':*)"


def test_every_word_of_the_query_is_required():
    parsed = parse_query("延期 hamburg")

    assert fts5_query(parsed) == '"延期" AND "hamburg"*'


def test_a_one_character_chinese_word_is_left_to_a_substring_scan():
    parsed = parse_query("延 sample")

    assert parsed.substrings == ["延"]
    assert [term.word for term in parsed.terms] == ["sample"]


def test_short_latin_words_are_not_prefixes():
    assert fts5_query(parse_query("po")) == '"po"'


def test_punctuation_and_quotes_cannot_break_the_query():
    parsed = parse_query('" OR * NEAR( ) \x00 -')

    assert fts5_query(parsed) == '"or"' + ' AND "near"*'
    assert not parse_query("-- !!")
