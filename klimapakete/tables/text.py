"""Bytes of a text file to text: byte-order marks, UTF-8, UTF-16 without a mark, and the
Windows and Mac code pages German spreadsheets are saved in."""

from __future__ import annotations

import codecs
import unicodedata

from klimapakete.tables.model import TableError

SAMPLE = 65_536
# The single-byte code pages German files come in: Windows-1252 is what German Excel
# writes ("CSV (Trennzeichen-getrennt)"), DOS and old Mac exports use the others. The one
# that decodes to the most letters of German (and its neighbours) wins; a tie goes to
# Windows-1252.
CODE_PAGES = ("cp1252", "cp850", "mac_roman")
LETTERS = frozenset("äöüÄÖÜßéèêàâçñóòôúùûíìîëïá")


def decode(data: bytes) -> str:
    """The text of ``data``; raises ``TableError("binary")`` if it is no text."""
    encoding = _bom_encoding(data)
    if encoding is not None:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as error:
            raise TableError("binary") from error
    else:
        encoding = _nul_pattern_encoding(data[:SAMPLE])
        if encoding is not None:
            text = data.decode(encoding, errors="replace")
        else:
            text = _decode_8bit(data)
    if text.startswith("\ufeff"):
        text = text[1:]
    _refuse_binary(text[:SAMPLE])
    return text.replace("\x00", "")


def _bom_encoding(data: bytes) -> str | None:
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)) and len(data) % 4 == 0:
        return "utf-32"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Excel's "Unicode text"
        return "utf-16"
    return None


def _nul_pattern_encoding(head: bytes) -> str | None:
    """UTF-16 without a byte-order mark: mostly-ASCII text has a NUL in every other byte."""
    if len(head) < 4:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    half = len(head) // 2
    if odd > 0.4 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.4 * half and odd < 0.05 * half:
        return "utf-16-be"
    if head.count(0) > max(2, len(head) // 100):
        raise TableError("binary")
    return None


def _decode_8bit(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best, best_score = None, 0
    for encoding in CODE_PAGES:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        score = sum(1 for ch in text[:SAMPLE] if ch in LETTERS)
        if score > best_score:
            best, best_score = text, score
    if best is not None:
        return best
    # No German letters in any of them: another language, or another encoding.
    from charset_normalizer import from_bytes

    match = from_bytes(data).best()
    if match is not None:
        return str(match)
    return data.decode("cp1252", errors="replace")


def _refuse_binary(sample: str) -> None:
    strange = sum(
        1
        for ch in sample
        if ch == "\ufffd"
        or (unicodedata.category(ch) == "Cc" and ch not in "\t\r\n" and ch != "\x00")
    )
    if sample and strange > max(8, len(sample) // 50):
        raise TableError("binary")
