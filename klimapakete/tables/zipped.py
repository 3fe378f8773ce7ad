"""Workbooks are zip archives of XML parts: open them without trusting them.

The unpacked size is checked against the limit before anything is inflated (the sizes
the archive declares) and again while inflating (the bytes that really come out), so a
zip bomb is refused early. The XML parser refuses document type declarations, so no
entity can expand; it calls back per element and keeps nothing but what the caller keeps.
"""

from __future__ import annotations

import io
import time
import zipfile
import zlib
from collections.abc import Callable, Iterator
from xml.parsers import expat

from klimapakete.tables.model import Limits, TableError

CHUNK = 65_536
# What a broken or hostile archive raises while it is read.
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError)


class Archive:
    """A zip archive whose parts are read within ``limits`` and before ``deadline``."""

    def __init__(self, data: bytes, limits: Limits, deadline: float, broken: str) -> None:
        self.limits = limits
        self.deadline = deadline
        self.broken = broken  # the error code for a damaged archive
        self.inflated = 0
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except (*ZIP_ERRORS, ValueError, OSError) as error:
            raise TableError(broken) from error
        if sum(info.file_size for info in infos) > limits.max_unpacked:
            raise TableError("too_large_unpacked", max_mb=limits.max_unpacked // (1024 * 1024))
        self.names = {info.filename for info in infos}

    def chunks(self, name: str) -> Iterator[bytes]:
        """The bytes of part ``name``, inflated piece by piece."""
        try:
            with self.zip.open(name) as part:
                while True:
                    chunk = part.read(CHUNK)
                    if not chunk:
                        return
                    self.inflated += len(chunk)
                    if self.inflated > self.limits.max_unpacked:
                        raise TableError(
                            "too_large_unpacked",
                            max_mb=self.limits.max_unpacked // (1024 * 1024),
                        )
                    if time.monotonic() > self.deadline:
                        raise TableError("too_slow", seconds=self.limits.seconds)
                    yield chunk
        except (*ZIP_ERRORS, KeyError, ValueError, OSError) as error:
            raise TableError(self.broken) from error

    def read(self, name: str) -> bytes:
        return b"".join(self.chunks(name))

    def parse(
        self,
        name: str,
        start: Callable[[str, dict], None],
        end: Callable[[str], None],
        text: Callable[[str], None] | None = None,
        *,
        raw: bool = False,
    ) -> Iterator[None]:
        """Feed part ``name`` to an XML parser chunk by chunk; yields after each chunk,
        so the caller can stop early. Element names come without namespace prefix,
        unless ``raw`` (then the handlers take them off, which is faster)."""
        parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

        def refuse(*_args) -> None:
            raise TableError(self.broken)

        parser.StartDoctypeDeclHandler = refuse
        parser.EntityDeclHandler = refuse
        if raw:
            parser.StartElementHandler = start
            parser.EndElementHandler = end
        else:
            parser.StartElementHandler = lambda tag, attrs: start(tag.rpartition(":")[2], attrs)
            parser.EndElementHandler = lambda tag: end(tag.rpartition(":")[2])
        if text is not None:
            parser.CharacterDataHandler = text
        try:
            for chunk in self.chunks(name):
                parser.Parse(chunk, False)
                yield
            parser.Parse(b"", True)
        except expat.ExpatError as error:
            raise TableError(self.broken) from error
        yield

    def close(self) -> None:
        self.zip.close()


def attribute(attrs: dict, name: str, default: str = "") -> str:
    """An attribute by its name without namespace prefix."""
    if name in attrs:
        return attrs[name]
    for key, value in attrs.items():
        if key.rpartition(":")[2] == name:
            return value
    return default
