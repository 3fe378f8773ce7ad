from django.urls import path

from klimapakete.forum.library import views

app_name = "library_share"

# Mounted under /t/<team_slug>/library/ — the team's own documents.
urlpatterns = [
    path("share/", views.share_list, name="list"),
    path("share/<str:source>/<int:object_id>/", views.share_confirm, name="confirm"),
]
