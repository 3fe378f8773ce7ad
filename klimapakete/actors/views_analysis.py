"""Views of this part of the actor map are added here (see urls.py)."""

urlpatterns: list = []
