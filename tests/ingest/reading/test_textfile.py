"""Opening exports: empty, binary, archive and UTF-16 files are recognised before parsing."""

from __future__ import annotations

import pytest

from independence.errors import ExportError
from independence.ingest.reading.textfile import opened_text_export


def test_header_is_read_lower_cased_and_without_bom(fixtures):
    with opened_text_export(fixtures / "daylio" / "era_2021.csv") as export:
        assert export.header[:3] == ["full_date", "date", "weekday"]
        assert export.encoding == "utf-8"


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "the file is empty"),
        (b"\xef\xbb\xbf\n\n", "the file is empty"),
        (b"PK\x03\x04rest-of-zip", "ZIP archive"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary content"),
        (b"just one word\nand another\n", "not a CSV header row"),
        (b"caf\xe9,cr\xe8me\n1,2\n" + b"x" * 10, "not UTF-8 or UTF-16"),
        (b"a,b,a\n1,2,3\n", r"repeats column\(s\) a"),
    ],
)
def test_unreadable_files_get_a_specific_error(tmp_path, content, problem):
    path = tmp_path / "export.csv"
    path.write_bytes(content)
    with pytest.raises(ExportError, match=problem) as raised, opened_text_export(path):
        pass
    assert str(path) in str(raised.value)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_is_transcoded_to_utf8(tmp_path, fixtures, encoding):
    text = (fixtures / "daylio" / "era_2021.csv").read_text(encoding="utf-8-sig")
    path = tmp_path / "resaved.csv"
    path.write_bytes(text.encode(encoding))
    with opened_text_export(path) as export:
        assert export.encoding.startswith("utf-16")
        assert export.header[0] == "full_date"
        assert "🎨 painting" in export.utf8_path.read_text(encoding="utf-8")


def test_a_text_that_is_not_csv_is_refused_without_echoing_its_content(tmp_path):
    path = tmp_path / "journal.txt"
    path.write_text("Dear diary I felt alone today\nmore private words\n")
    with pytest.raises(ExportError, match="not a CSV header row") as raised, opened_text_export(path):
        pass
    assert "Dear diary" not in str(raised.value)
