"""Keeping the search documents in step with posts and practices.

Only what every forum reader may see is indexed: visible posts of visible threads and
published practices. Hiding removes the document, so search cannot leak hidden text.
The full-text index itself follows the documents (a generated column on PostgreSQL,
triggers into FTS5 on SQLite).
"""

from __future__ import annotations

from html import unescape

from django.db import connection
from django.utils.html import strip_tags
from django.utils.text import Truncator

from klimapakete.core.templatetags.klimapakete import markdown
from klimapakete.forum.models import Post, Practice, SearchDocument, Thread
from klimapakete.forum.search import text as search_text

MAX_BODY = 20000


def plain(markdown_text: str) -> str:
    """Markdown as plain text (what search matches and highlights)."""
    html = str(markdown(markdown_text or ""))
    return search_text.clean(unescape(strip_tags(html))).strip()[:MAX_BODY]


def _save(lookup: dict, title: str, body: str) -> None:
    document = _document(lookup, title, body)
    fields = ("title", "body", "stemmed_title", "stemmed_body")
    SearchDocument.objects.update_or_create(
        **lookup, defaults={name: getattr(document, name) for name in fields}
    )


def post_index(post: Post) -> None:
    thread = post.thread
    if post.hidden_at is not None or thread.hidden_at is not None:
        SearchDocument.objects.filter(post=post).delete()
        return
    _save({"post": post}, thread.title if post.is_opening else "", plain(post.body))


def thread_index(thread: Thread) -> None:
    for post in thread.posts.select_related("thread"):
        post_index(post)


def _practice_text(practice: Practice) -> str:
    parts = [
        practice.what_we_did,
        practice.what_worked,
        practice.what_did_not,
        practice.would_do_again,
        practice.template_text,
    ]
    return plain("\n\n".join(p for p in parts if p))


def practice_index(practice: Practice) -> None:
    if not practice.is_published:
        SearchDocument.objects.filter(practice=practice).delete()
        return
    _save({"practice": practice}, practice.title, _practice_text(practice))


def _document(lookup: dict, title: str, body: str) -> SearchDocument:
    title = Truncator(search_text.clean(title)).chars(200)
    document = SearchDocument(title=title, body=body, **lookup)
    if connection.vendor == "sqlite":
        document.stemmed_title = search_text.stemmed(title)
        document.stemmed_body = search_text.stemmed(body)
    return document


def reindex_all(*, batch_size: int = 500) -> int:
    """Rebuild every document (after moving databases or changing the rules)."""
    SearchDocument.objects.all().delete()
    count = 0
    batch: list[SearchDocument] = []
    posts = Post.objects.filter(hidden_at__isnull=True, thread__hidden_at__isnull=True)
    for post in posts.select_related("thread").iterator(chunk_size=batch_size):
        title = post.thread.title if post.is_opening else ""
        batch.append(_document({"post": post}, title, plain(post.body)))
        if len(batch) >= batch_size:
            count += len(SearchDocument.objects.bulk_create(batch))
            batch = []
    for practice in Practice.objects.filter(status=Practice.Status.PUBLISHED):
        batch.append(_document({"practice": practice}, practice.title, _practice_text(practice)))
    count += len(SearchDocument.objects.bulk_create(batch))
    return count
