"""Rendered Markdown is kept per process, and what is kept is still sanitised."""

from klimapakete.core.templatetags import klimapakete as tags


def test_a_text_seen_before_is_not_rendered_again():
    text = "**Beirat** <script>alert(1)</script> [Link](javascript:alert(1))"
    first = tags.markdown(text)
    hits = tags._render_cached.cache_info().hits
    again = tags.markdown(text)
    assert again == first
    assert tags._render_cached.cache_info().hits == hits + 1
    assert "<strong>Beirat</strong>" in again
    assert "<script>" not in again and "javascript:" not in again


def test_long_texts_are_rendered_each_time_and_the_same():
    text = "Absatz mit *Betonung*.\n\n" * 500
    assert len(text) > tags.MARKDOWN_CACHED_CHARS
    size = tags._render_cached.cache_info().currsize
    html = tags.markdown(text)
    assert html.count("<em>Betonung</em>") == 500
    assert tags._render_cached.cache_info().currsize == size
