"""What an uploaded file really is, judged by its content (magic bytes), not its name.

Pure (no Django): ``sniff`` reads the first bytes — and for ZIP-based office formats the
archive's directory, never its compressed contents — and returns the file's kind or None.
``upload_check`` adds the size limit and the list of allowed kinds and raises
:class:`UploadError` with a code. Images are PNG, JPEG, GIF and WebP; SVG is refused on
purpose (it can carry scripts).
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from typing import BinaryIO

from klimapakete.errors import DomainError


class UploadError(DomainError):
    """An upload that is too large, empty or of a type that is not allowed."""


@dataclass(frozen=True)
class FileKind:
    key: str
    mime: str
    extension: str


PDF = FileKind("pdf", "application/pdf", "pdf")
PNG = FileKind("png", "image/png", "png")
JPEG = FileKind("jpeg", "image/jpeg", "jpg")
GIF = FileKind("gif", "image/gif", "gif")
WEBP = FileKind("webp", "image/webp", "webp")
DOCX = FileKind(
    "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"
)
ODT = FileKind("odt", "application/vnd.oasis.opendocument.text", "odt")
KINDS = {kind.key: kind for kind in (PDF, PNG, JPEG, GIF, WEBP, DOCX, ODT)}
DOCUMENTS_AND_IMAGES = frozenset(KINDS)

_ODT_MIMETYPE = ODT.mime.encode()


def sniff(stream: BinaryIO) -> FileKind | None:
    """The kind of file in ``stream`` (rewound afterwards), or None if it is none we know."""
    stream.seek(0)
    head = stream.read(16)
    stream.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"PK\x03\x04"):
        return _office(stream)
    return None


def _office(stream: BinaryIO) -> FileKind | None:
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
            if (
                "mimetype" in names
                and archive.getinfo("mimetype").file_size <= 100
                and archive.read("mimetype").strip() == _ODT_MIMETYPE
            ):
                return ODT
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return DOCX
    # A damaged archive can fail in many ways inside zipfile; any of them means "not ours".
    except Exception:  # noqa: BLE001
        return None
    finally:
        stream.seek(0)
    return None


def upload_check(
    stream: BinaryIO, *, size: int, max_bytes: int, allowed: frozenset[str] = DOCUMENTS_AND_IMAGES
) -> FileKind:
    """The file's kind if it is allowed and not too large; else :class:`UploadError`."""
    if size <= 0:
        raise UploadError("empty")
    if size > max_bytes:
        raise UploadError("too_large", max_mb=max(1, round(max_bytes / (1024 * 1024))))
    kind = sniff(stream)
    if kind is None or kind.key not in allowed:
        raise UploadError("type", allowed=", ".join(sorted(KINDS[k].extension for k in allowed)))
    return kind
