"""Reading queries: Swedish stems, phrases, exclusions, and hostile input."""

import pytest

from search.analysis import compile_query
from search.engines.base import highlight
from search.engines.database.postgres import tsquery
from search.engines.database.sqlite import fts_expression
from search.query import MAX_QUERY_LENGTH, QueryError, parse_query, stem, stem_text


@pytest.mark.parametrize(
    ("inflected", "base"),
    [("föreningar", "förening"), ("föreningarna", "förening"), ("idéerna", "idé")],
)
def test_swedish_inflections_share_a_stem(inflected, base):
    assert stem(inflected) == stem(base)


def test_stemming_is_case_insensitive():
    assert stem_text("Föreningar och IDÉERNA") == "förening och idé"


def test_words_phrases_and_exclusions_are_read_apart():
    q = parse_query('språkcafé "öar utan gränser" -möbler -')
    assert q.terms == ("språkcafé",)
    assert q.phrases == (("öar", "utan", "gränser"),)
    assert q.excluded == ("möbler",)
    assert q.as_websearch() == 'språkcafé "öar utan gränser" -möbler'


def test_operators_and_control_characters_become_plain_words():
    q = parse_query('förening\x00 OR 1=1; -- title:* NEAR("a" b) "unbalanced')
    assert '"' not in "".join(q.terms)
    assert all(t.replace("_", "").isalnum() for t in q.terms)
    assert fts_expression(compile_query(q)).count('"') % 2 == 0


def test_a_one_word_phrase_is_a_word():
    assert parse_query('"förening"').terms == ("förening",)


def test_overlong_queries_are_refused_with_a_message():
    with pytest.raises(QueryError) as error:
        parse_query("a" * (MAX_QUERY_LENGTH + 1))
    assert "för lång" in error.value.message


def test_fts_expression_quotes_every_token():
    q = parse_query('föreningar "utan gränser" -möbler')
    expression = fts_expression(compile_query(q))
    assert expression.startswith('((("förening" OR ')
    assert '"utan gräns"' in expression  # the phrase, Swedish stems
    assert ' NOT ("möbl" OR ' in expression
    assert '"ǂforening"' in expression  # folded alternative


def test_tsquery_quotes_every_lexeme_and_keeps_phrases():
    q = parse_query('föreningar "utan gränser" -möbler')
    text = tsquery(compile_query(q))
    assert "('förening')" in text
    assert "('utan' <-> 'gräns')" in text
    assert "& !('möbl' | " in text


def test_highlight_marks_inflections_and_escapes_html():
    html = highlight("<b>Föreningar</b> & en förening", ["förening"], length=None)
    assert html == "&lt;b&gt;<mark>Föreningar</mark>&lt;/b&gt; &amp; en <mark>förening</mark>"


def test_highlight_window_centres_on_the_first_match():
    text = "början " * 100 + "föreningen mitt i texten " + "slutet " * 100
    html = highlight(text, ["förening"], length=120)
    assert html.startswith("…") and html.endswith("…")
    assert "<mark>föreningen</mark>" in html
    assert len(html) < 200
