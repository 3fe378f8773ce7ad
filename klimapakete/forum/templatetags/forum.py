from django import template

register = template.Library()


@register.inclusion_tag("forum/_author.html")
def post_author(post, show_handle=True):
    """Name, handle and team of a post's author ("former member" after deletion)."""
    return {"post": post, "author": post.author, "show_handle": show_handle}


@register.filter
def opening(thread):
    """The opening post prefetched by ``selectors.with_list_data``."""
    posts = getattr(thread, "opening_posts", None)
    return posts[0] if posts else None


@register.filter
def unread(thread) -> bool:
    return thread.read_at is None or thread.last_post_at > thread.read_at
