"""Full-text search over the search documents, per database.

PostgreSQL: a generated ``tsvector`` column (``german`` configuration, title weighted
above text) with a GIN index; queries go through ``websearch_to_tsquery``, ranked by
``ts_rank_cd`` and highlighted by ``ts_headline``. SQLite: an FTS5 table over
Snowball-stemmed words, ranked by ``bm25`` and highlighted in Python by stem. Either way
the query reaching the database was rebuilt from word characters by ``text.parse``, and is
passed as a parameter.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection

from klimapakete.forum.search import text

MAX_RESULTS = 500  # deepest page of results anyone can ask for
HEADLINE = "StartSel=\x02, StopSel=\x03, MaxWords=40, MinWords=20, MaxFragments=2"


@dataclass
class Hit:
    document_id: int
    rank: float
    headline: list[tuple[str, bool]] | None = None  # PostgreSQL fills it


def search(query: text.Query, *, limit: int, offset: int) -> tuple[int, list[Hit]]:
    """The number of matches (at most MAX_RESULTS) and one page of hits, best first."""
    if not query:
        return 0, []
    limit = max(0, min(limit, MAX_RESULTS - offset))
    if connection.vendor == "postgresql":
        return _postgres(query.websearch(), limit, offset)
    return _sqlite(query.fts5(), limit, offset)


def _postgres(websearch: str, limit: int, offset: int) -> tuple[int, list[Hit]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM (SELECT 1 FROM forum_searchdocument d "
            "WHERE d.search_vector @@ websearch_to_tsquery('german', %s) LIMIT %s) AS found",
            [websearch, MAX_RESULTS],
        )
        total = cursor.fetchone()[0]
        if not total or not limit:
            return total, []
        cursor.execute(
            "SELECT top.id, top.rank, ts_headline('german', top.body, top.q, %s) "
            "FROM (SELECT d.id, d.body, q, ts_rank_cd(d.search_vector, q) AS rank "
            "      FROM forum_searchdocument d, websearch_to_tsquery('german', %s) AS q "
            "      WHERE d.search_vector @@ q "
            "      ORDER BY rank DESC, d.id DESC LIMIT %s OFFSET %s) AS top "
            "ORDER BY top.rank DESC, top.id DESC",
            [HEADLINE, websearch, limit, offset],
        )
        rows = cursor.fetchall()
    return total, [Hit(row[0], row[1], text.marked_parts(row[2])) for row in rows]


def _sqlite(match: str, limit: int, offset: int) -> tuple[int, list[Hit]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM (SELECT 1 FROM forum_search_fts "
            "WHERE forum_search_fts MATCH %s LIMIT %s)",
            [match, MAX_RESULTS],
        )
        total = cursor.fetchone()[0]
        if not total or not limit:
            return total, []
        # bm25: smaller is better; the title counts five times as much as the text.
        cursor.execute(
            "SELECT rowid, bm25(forum_search_fts, 5.0, 1.0) AS rank FROM forum_search_fts "
            "WHERE forum_search_fts MATCH %s ORDER BY rank, rowid DESC LIMIT %s OFFSET %s",
            [match, limit, offset],
        )
        rows = cursor.fetchall()
    return total, [Hit(row[0], -row[1]) for row in rows]
