"""The document model: what a generated document says, independent of PDF or DOCX.

An app builds a :class:`Document` from its data (a pure function, no Django needed) and
hands it to :func:`klimapakete.documents.to_pdf` or :func:`~klimapakete.documents.to_docx`.
Text is plain text everywhere; markup characters (``#``, ``$``, ``*``) mean nothing.
Inline content is a string, a :class:`Span` or a sequence of both; constructors accept
any of these and store a tuple of spans.

Blocks, top to bottom: :class:`Heading`, :class:`Paragraph`, :class:`ItemList`,
:class:`Clause` (``§ 1`` with numbered sub-paragraphs), :class:`Table`, :class:`Image`,
:class:`Callout` (a framed box), :class:`PageBreak`, and for letters
:class:`LetterHead` (sender, address, place and date, subject, salutation) and
:class:`Closing` (greeting and signature).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True)
class Span:
    """A run of text with simple emphasis; ``link`` makes it a hyperlink
    (http, https, mailto and tel only; other schemes are shown as plain text)."""

    text: str
    strong: bool = False
    emphasis: bool = False
    mono: bool = False
    link: str = ""


Inline = str | Span | Sequence[str | Span]


def spans(value: Inline) -> tuple[Span, ...]:
    """Inline content as a tuple of spans (strings become plain spans)."""
    if isinstance(value, str):
        return (Span(value),) if value else ()
    if isinstance(value, Span):
        return (value,)
    return tuple(Span(part) if isinstance(part, str) else part for part in value if part)


def _set(obj, name: str, value) -> None:
    object.__setattr__(obj, name, value)


@dataclass(frozen=True)
class Heading:
    """A section heading, level 1 (document title) to 3."""

    content: Inline
    level: int = 1

    def __post_init__(self):
        _set(self, "content", spans(self.content))
        _set(self, "level", min(max(int(self.level), 1), 3))


@dataclass(frozen=True)
class Paragraph:
    """Running text. ``style``: ``normal``, ``lead`` (a larger intro line) or ``small``
    (a grey footnote-sized remark). ``align``: ``left``, ``justify``, ``center``, ``right``."""

    content: Inline
    style: Literal["normal", "lead", "small"] = "normal"
    align: Literal["left", "justify", "center", "right"] = "left"

    def __post_init__(self):
        _set(self, "content", spans(self.content))


@dataclass(frozen=True)
class ItemList:
    """A bullet list, or a numbered list (1., 2., …) starting at ``start``."""

    items: Sequence[Inline]
    numbered: bool = False
    start: int = 1

    def __post_init__(self):
        _set(self, "items", tuple(spans(item) for item in self.items))


@dataclass(frozen=True)
class Subclause:
    """One numbered paragraph of a clause: ``(1) text`` followed by optional numbered
    items (``1. …``, ``2. …``), as in a statute's enumeration of tasks."""

    content: Inline
    items: Sequence[Inline] = ()

    def __post_init__(self):
        _set(self, "content", spans(self.content))
        _set(self, "items", tuple(spans(item) for item in self.items))


@dataclass(frozen=True)
class Clause:
    """A numbered article of a statute or rules of procedure: ``§ 3 Composition``.

    Clauses are numbered in document order (``Document.clause_sign`` and a counter).
    Its paragraphs are numbered ``(1)``, ``(2)`` when there are two or more, as in German
    legal texts; a single paragraph stays unnumbered.
    """

    title: Inline
    paragraphs: Sequence[Subclause | Inline] = ()

    def __post_init__(self):
        _set(self, "title", spans(self.title))
        _set(
            self,
            "paragraphs",
            tuple(p if isinstance(p, Subclause) else Subclause(p) for p in self.paragraphs),
        )


Cell = Inline


@dataclass(frozen=True)
class Table:
    """A table with one header row (repeated on every page) and an optional footer row
    (e.g. a total, set in bold).

    ``widths``: one relative width per column (``3, 1, 1``) or ``None`` for "as wide as
    its content"; ``align`` one of ``left``/``right``/``center`` per column.
    """

    header: Sequence[Cell]
    rows: Sequence[Sequence[Cell]]
    widths: Sequence[float | None] | None = None
    align: Sequence[str] | None = None
    footer: Sequence[Cell] | None = None
    caption: str = ""

    def __post_init__(self):
        columns = len(self.header)
        if columns == 0:
            raise ValueError("a table needs at least one column")

        def row(cells) -> tuple[tuple[Span, ...], ...]:
            cells = [spans(c) for c in cells][:columns]
            return tuple(cells + [()] * (columns - len(cells)))

        _set(self, "header", row(self.header))
        _set(self, "rows", tuple(row(r) for r in self.rows))
        _set(self, "footer", row(self.footer) if self.footer is not None else None)
        widths = tuple(self.widths) if self.widths is not None else (None,) * columns
        if len(widths) != columns or any(w is not None and w <= 0 for w in widths):
            raise ValueError("widths need one positive number or None per column")
        _set(self, "widths", widths)
        align = tuple(self.align) if self.align is not None else ("left",) * columns
        if len(align) != columns or not set(align) <= {"left", "right", "center"}:
            raise ValueError("align needs left, right or center per column")
        _set(self, "align", align)


@dataclass(frozen=True)
class Image:
    """A PNG, JPEG or SVG picture (e.g. a chart). ``width_mm`` ``None`` = the text width."""

    data: bytes
    format: Literal["png", "jpg", "svg"]
    alt: str
    width_mm: float | None = None
    caption: str = ""

    def __post_init__(self):
        if self.format not in ("png", "jpg", "svg"):
            raise ValueError(f"unsupported image format {self.format!r}")


@dataclass(frozen=True)
class Callout:
    """A framed box around paragraphs and lists (e.g. a link to register)."""

    blocks: Sequence[Paragraph | ItemList]

    def __post_init__(self):
        _set(self, "blocks", tuple(self.blocks))


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class LetterHead:
    """The head of a letter on a new page, laid out for a DIN 5008 window envelope.

    ``sender``: the sender block (name first, then address and contact lines);
    ``return_line``: the one-line sender above the address (default: the sender lines
    joined); ``recipient``: the address lines; ``details``: label/value pairs beside the
    address (contact person, e-mail, "Unser Zeichen"); ``place_date``: "Musterstadt,
    6. Dezember 2026".
    """

    sender: Sequence[str]
    recipient: Sequence[str] = ()
    place_date: str = ""
    subject: str = ""
    salutation: str = ""
    details: Sequence[tuple[str, str]] = ()
    return_line: str = ""

    def __post_init__(self):
        _set(self, "sender", tuple(line for line in self.sender if line))
        _set(self, "recipient", tuple(self.recipient))
        _set(self, "details", tuple((label, value) for label, value in self.details))
        if not self.return_line:
            _set(self, "return_line", " · ".join(self.sender))


@dataclass(frozen=True)
class Closing:
    """The end of a letter: a greeting ("Mit freundlichen Grüßen"), room for a handwritten
    signature, then the signature lines (name, role); ``enclosures`` are listed below."""

    greeting: str = ""
    signature: Sequence[str] = ()
    enclosures: Sequence[str] = ()
    enclosures_label: str = ""

    def __post_init__(self):
        _set(self, "signature", tuple(self.signature))
        _set(self, "enclosures", tuple(self.enclosures))


Block = (
    Heading
    | Paragraph
    | ItemList
    | Clause
    | Table
    | Image
    | Callout
    | PageBreak
    | LetterHead
    | Closing
)


@dataclass(frozen=True)
class Document:
    """A document: metadata and blocks.

    ``language`` is a BCP 47 code ("de", "en"; hyphenation and spell-checking follow it);
    ``footer`` is printed on every page, with page numbers (``page_label``, where
    ``{page}`` and ``{pages}`` are replaced) when the document has more than one page.
    """

    title: str
    blocks: Sequence[Block]
    language: str = "de"
    author: str = ""
    subject: str = ""
    footer: str = ""
    page_label: str = "{page} / {pages}"
    clause_sign: str = "§"
    keywords: Sequence[str] = field(default_factory=tuple)

    def __post_init__(self):
        _set(self, "blocks", tuple(self.blocks))
        _set(self, "keywords", tuple(self.keywords))


def clause_labels(document: Document) -> dict[int, str]:
    """``{index of the block: "§ 3"}`` for the clauses, numbered in document order."""
    labels = {}
    for index, block in enumerate(document.blocks):
        if isinstance(block, Clause):
            labels[index] = f"{document.clause_sign}\u00a0{len(labels) + 1}"
    return labels


def subclause_label(clause: Clause, position: int) -> str:
    """``(1)``, ``(2)`` … when the clause has two or more paragraphs, else empty."""
    return f"({position + 1})" if len(clause.paragraphs) > 1 else ""


def document_text(document: Document) -> list[str]:
    """Every piece of text the document shows, in order (for tests and search)."""
    out: list[str] = [document.title]
    labels = clause_labels(document)

    def inline(value: tuple[Span, ...]) -> str:
        return "".join(span.text for span in value)

    def walk(block, index=None):
        match block:
            case Heading() | Paragraph():
                out.append(inline(block.content))
            case ItemList():
                out.extend(inline(item) for item in block.items)
            case Clause():
                out.append(labels.get(index, ""))
                out.append(inline(block.title))
                for sub in block.paragraphs:
                    out.append(inline(sub.content))
                    out.extend(inline(item) for item in sub.items)
            case Table():
                for row in (block.header, *block.rows, *([block.footer] if block.footer else [])):
                    out.extend(inline(cell) for cell in row)
                out.append(block.caption)
            case Image():
                out.append(block.caption)
            case Callout():
                for inner in block.blocks:
                    walk(inner)
            case LetterHead():
                out.extend(block.sender)
                out.append(block.return_line)
                out.extend(block.recipient)
                for label, value in block.details:
                    out.extend((label, value))
                out.extend((block.place_date, block.subject, block.salutation))
            case Closing():
                out.append(block.greeting)
                out.extend(block.signature)
                out.append(block.enclosures_label)
                out.extend(block.enclosures)

    for index, block in enumerate(document.blocks):
        walk(block, index)
    if document.footer:
        out.append(document.footer)
    return [text for text in out if text]
