"""The chunked CSV reader: exact physical line numbers, malformed records rejected, not lost."""

from __future__ import annotations

import polars as pl
import pytest

from independence.ingest.reading import csvchunks
from independence.ingest.reading.csvchunks import csv_chunks
from independence.ingest.reading.textfile import opened_text_export


def read_all(path) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Return every parsed row and every reject of a file."""
    with opened_text_export(path) as export:
        chunks = list(csv_chunks(export))
    return pl.concat([c.rows for c in chunks]), pl.concat([c.rejects for c in chunks])


def write(tmp_path, text: str, newline: str = "\n"):
    path = tmp_path / "file.csv"
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))
    return path


def test_line_numbers_count_newlines_inside_quoted_fields(tmp_path):
    path = write(tmp_path, 'a,b\n1,"x\ny\nz"\n2,plain\n3,"p, q"\n')
    rows, rejects = read_all(path)
    assert rows["line"].to_list() == [2, 5, 6]
    assert rows["b"].to_list() == ["x\ny\nz", "plain", "p, q"]
    assert rejects.height == 0


def test_ragged_records_are_rejected_with_their_line_and_the_rest_kept(tmp_path):
    path = write(tmp_path, 'a,b,c\n1,"two\nlines",3\nshort,row\n4,5,6\n7,8,9,extra\n10,11,12\n')
    rows, rejects = read_all(path)
    assert rows["line"].to_list() == [2, 5, 7]
    assert rows["a"].to_list() == ["1", "4", "10"]
    assert rejects.select("line", "reason").rows() == [
        (4, "expected 3 fields, found 2"),
        (6, "expected 3 fields, found 4"),
    ]
    assert rejects["raw_line"].to_list() == ["short,row", "7,8,9,extra"]


def test_a_record_cut_off_inside_quotes_is_rejected_not_dropped(fixtures):
    rows, rejects = read_all(fixtures / "daylio" / "truncated.csv")
    assert rows["line"].to_list() == [2]
    assert rejects["line"].to_list() == [3]
    assert "never closed" in rejects["reason"][0]


def test_crlf_and_blank_lines_keep_line_numbers(tmp_path):
    path = write(tmp_path, 'a,b\n1,2\n\n3,"x\ny"\n4,5', newline="\r\n")
    rows, rejects = read_all(path)
    assert rows.select("line", "a").rows() == [(2, "1"), (4, "3"), (6, "4")]
    assert rows["b"].to_list() == ["2", "x\ny", "5"]
    assert rejects.height == 0


@pytest.mark.parametrize("chunk_bytes", [7, 64, 1 << 20])
def test_chunk_size_does_not_change_what_is_read(tmp_path, monkeypatch, chunk_bytes):
    lines = ["a,b,c"]
    for number in range(300):
        note = f'"note {number}\nsecond line, with comma"' if number % 7 == 0 else f"n{number}"
        lines.append(f"{number},{note},x" if number % 50 != 3 else f"{number},broken")
    path = write(tmp_path, "\n".join(lines) + "\n")
    monkeypatch.setattr(csvchunks, "CHUNK_BYTES", chunk_bytes)
    rows, rejects = read_all(path)
    monkeypatch.setattr(csvchunks, "CHUNK_BYTES", 1 << 24)
    expected_rows, expected_rejects = read_all(path)
    assert rows.equals(expected_rows)
    assert rejects.equals(expected_rejects)
    assert rows.height == 294 and rejects.height == 6
    file_lines = path.read_text().splitlines()
    assert [file_lines[line - 1] for line in rejects["line"]] == [f"{n},broken" for n in range(3, 300, 50)]
    assert all(file_lines[line - 1].startswith(f"{a},") for line, a in rows.select("line", "a").rows())


def test_a_stray_quote_rejects_from_its_line_and_says_how_much_was_lost(tmp_path):
    path = write(tmp_path, 'a,b\n1,ok\n2,say "hi\n3,x\n4,y\n')
    rows, rejects = read_all(path)
    assert rows["a"].to_list() == ["1"]
    assert rejects["line"].to_list() == [3]
    assert "never closed" in rejects["reason"][0] and "the 2 line(s) after it" in rejects["reason"][0]


def test_bytes_that_are_not_utf8_reject_their_record_only(tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_bytes("a,b\n1,café\n".encode() + "2,crème\n".encode("latin-1") + b'3,"x\n\xff"\n4,ok\n')
    rows, rejects = read_all(path)
    assert rows.select("line", "b").rows() == [(2, "café"), (6, "ok")]
    assert rejects.select("line", "reason").rows() == [
        (3, "not UTF-8 text (re-save the export as UTF-8)"),
        (4, "not UTF-8 text (re-save the export as UTF-8)"),
    ]


NOT_UTF8 = {
    "ff": b"\xff",
    "lone-continuation": b"\x80",
    "truncated": b"\xc3",
    "overlong-2": b"\xc0\x80",
    "overlong-3": b"\xe0\x80\x80",
    "surrogate": b"\xed\xa0\x80",
    "above-u10ffff": b"\xf4\x90\x80\x80",
    "five-byte": b"\xf8\x88\x80\x80",
}


@pytest.mark.parametrize("invalid", NOT_UTF8.values(), ids=NOT_UTF8.keys())
def test_every_byte_sequence_python_refuses_as_utf8_is_rejected_with_its_record(tmp_path, invalid):
    """Polars' strict UTF-8 check decides the fast path: it must refuse exactly what Python's decoder refuses."""
    with pytest.raises(UnicodeDecodeError):
        invalid.decode("utf-8")
    path = tmp_path / "invalid.csv"
    path.write_bytes(b"a,b\n1,ok\n2,x" + invalid + b'y\n3,"q' + invalid + b'"\n4,fine\n')
    rows, rejects = read_all(path)
    assert rows.select("line", "b").rows() == [(2, "ok"), (5, "fine")]
    assert rejects.select("line", "reason").rows() == [
        (3, "not UTF-8 text (re-save the export as UTF-8)"),
        (4, "not UTF-8 text (re-save the export as UTF-8)"),
    ]


def test_the_byte_count_agrees_with_python_s_on_every_byte_and_prefix():
    """NumPy counts the staged blocks' separators (`_count`, measured faster in docs/benchmarks.md): it must count
    exactly what bytes.count does."""
    data = bytes(range(256)) * 3 + b'a,"b\n",c\r\n' * 50
    for byte in (b",", b"\n", b'"', b"\r", b"\x00", b"\xff"):
        assert csvchunks._count(data, byte) == data.count(byte)
        for end in (0, 1, 255, 700, len(data)):
            assert csvchunks._count(data, byte, end) == data.count(byte, 0, end)
    assert csvchunks._count(b"", b",") == 0
