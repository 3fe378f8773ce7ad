"""Search results as the page shows them (a fixed number of queries per page)."""

from __future__ import annotations

from dataclasses import dataclass

from klimapakete.forum.models import SearchDocument
from klimapakete.forum.queries import PACKAGE_TEXTS, PRACTICE_TEXTS, STEP_TEXTS, unshown
from klimapakete.forum.search import backends, text

RESULTS_PER_PAGE = 20


@dataclass
class Result:
    document: SearchDocument
    title_parts: list[tuple[str, bool]]
    snippet: list[tuple[str, bool]]

    @property
    def post(self):
        return self.document.post

    @property
    def practice(self):
        return self.document.practice


def results(query: text.Query, *, page: int) -> tuple[int, list[Result]]:
    total, hits = backends.search(
        query, limit=RESULTS_PER_PAGE, offset=(page - 1) * RESULTS_PER_PAGE
    )
    documents = SearchDocument.objects.select_related(
        "post__thread__category",
        "post__author",
        "post__author_team",
        "practice__team",
        "practice__step__package",
    )
    documents = documents.defer(
        "post__body",
        *unshown("practice", PRACTICE_TEXTS + ("template_text",)),
        *unshown("practice__step", STEP_TEXTS),
        *unshown("practice__step__package", PACKAGE_TEXTS),
    ).in_bulk([hit.document_id for hit in hits])
    stems = query.positive_stems
    found = []
    for hit in hits:
        document = documents.get(hit.document_id)
        if document is None:
            continue
        if document.title or not document.post_id:
            title, stemmed_title = document.title, document.stemmed_title
        else:  # a reply: its thread's title, whose stems are not stored with it
            title, stemmed_title = document.post.thread.title, None
        found.append(
            Result(
                document=document,
                title_parts=text.highlight(title, stems, width=200, stemmed=stemmed_title),
                snippet=hit.headline
                if hit.headline is not None
                else text.highlight(document.body, stems, stemmed=document.stemmed_body),
            )
        )
    return total, found
