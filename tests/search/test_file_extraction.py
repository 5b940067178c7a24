"""Reading the text of files: each format, and every way a file can fail alone."""

import pytest

from search.files.extract import extract_text, file_format
from tests import filesamples

WORDS = "Protokoll från Träkvista: föreningarna vill ordna läxhjälp."


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("protokoll.pdf", lambda: filesamples.pdf_bytes(WORDS)),
        ("projektplan.docx", lambda: filesamples.docx_bytes("Projektplan", WORDS)),
        ("anteckningar.odt", lambda: filesamples.odt_bytes("Anteckningar", WORDS)),
        ("brev.rtf", lambda: filesamples.rtf_bytes(WORDS)),
        ("lista.txt", lambda: WORDS.encode("utf-8")),
        ("gammal.txt", lambda: WORDS.encode("cp1252")),
    ],
)
def test_each_format_gives_its_text(name, make):
    result = extract_text(make(), name=name)
    assert result.outcome == "text", result
    assert "Träkvista" in result.text
    assert "läxhjälp" in result.text


def test_the_format_comes_from_the_name_or_else_the_content_type():
    assert file_format("Plan.DOCX") == "docx"
    assert file_format("utan-andelse", "application/pdf") == "pdf"
    assert file_format("bild", "image/jpeg") == "image"
    assert file_format("kalkyl.xlsx") == ""


def test_a_pdf_counts_its_pages_and_reads_only_the_first_ones_past_the_limit(settings):
    settings.SEARCH_FILE_MAX_PAGES = 2
    result = extract_text(
        filesamples.pdf_bytes("Ett Stenhamra", "Två Ekerö", "Tre Adelsö"), name="a.pdf"
    )
    assert result.outcome == "text"
    assert result.pages == 3
    assert "Stenhamra" in result.text and "Ekerö" in result.text
    assert "Adelsö" not in result.text
    assert result.reason == "too_many_pages"


def test_a_scanned_pdf_and_an_image_have_no_text():
    scanned = extract_text(filesamples.scanned_pdf_bytes(), name="skannad.pdf")
    assert (scanned.outcome, scanned.reason, scanned.pages) == ("empty", "no_text", 1)
    image = extract_text(filesamples.png_bytes(), name="foto.png", content_type="image/png")
    assert (image.outcome, image.reason) == ("empty", "image")


def test_an_encrypted_pdf_fails_with_its_reason():
    result = extract_text(filesamples.encrypted_pdf_bytes("Hemlig budget"), name="budget.pdf")
    assert (result.outcome, result.reason) == ("failed", "encrypted")
    assert "Hemlig" not in result.text


def test_a_pdf_with_a_reference_loop_fails_with_its_reason():
    result = extract_text(filesamples.looping_pdf_bytes(), name="loop.pdf")
    assert (result.outcome, result.reason) == ("failed", "broken")


def test_a_zip_bomb_docx_is_refused_before_it_is_unpacked():
    data = filesamples.zip_bomb_docx_bytes(300)
    assert len(data) < 2_000_000
    result = extract_text(data, name="bomb.docx")
    assert (result.outcome, result.reason) == ("failed", "zip_bomb")


def test_a_garbled_file_fails_with_its_reason():
    assert extract_text(b"%PDF-1.4 inte alls", name="trasig.pdf").reason == "broken"
    assert extract_text(b"PK\x03\x04trasig", name="trasig.docx").reason == "broken"


def test_a_file_over_the_size_limit_is_not_opened(settings):
    settings.SEARCH_FILE_MAX_BYTES = 100
    result = extract_text(filesamples.pdf_bytes(WORDS), name="stor.pdf")
    assert (result.outcome, result.reason) == ("failed", "too_large")


def test_a_child_past_its_memory_limit_fails_alone(settings):
    settings.SEARCH_FILE_MEMORY_MB = 60
    settings.SEARCH_FILE_MAX_BYTES = 50_000_000
    # 40 MB of text: reading and decoding it needs more than the child may take.
    result = extract_text(("å" * 20_000_000).encode("utf-8"), name="enorm.txt")
    assert result.outcome == "failed"
    assert result.reason in ("memory", "crashed")


def test_a_child_past_its_time_limit_is_stopped(settings):
    settings.SEARCH_FILE_TIMEOUT = 0
    result = extract_text(filesamples.pdf_bytes(WORDS), name="seg.pdf")
    assert (result.outcome, result.reason) == ("failed", "timeout")


def test_text_is_capped(settings):
    settings.SEARCH_FILE_MAX_CHARS = 50
    result = extract_text(("ord " * 1000).encode(), name="lang.txt")
    assert result.outcome == "text"
    assert len(result.text) <= 50
