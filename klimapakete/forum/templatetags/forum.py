from django import template

register = template.Library()


@register.inclusion_tag("forum/_author.html")
def post_author(post, show_handle=True):
    """Name, handle and team of a post's author ("former member" after deletion)."""
    return {"post": post, "author": post.author, "show_handle": show_handle}
