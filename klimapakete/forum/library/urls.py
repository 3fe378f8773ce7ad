from django.urls import path

from klimapakete.forum.library import views

app_name = "library"

urlpatterns = [
    path("", views.library_index, name="index"),
    path("new/", views.practice_new, name="new"),
    path("ask/", views.share_request_new, name="share_request"),
    path("<int:practice_id>/", views.practice_detail, name="detail"),
    path("<int:practice_id>/edit/", views.practice_edit, name="edit"),
    path("<int:practice_id>/publish/", views.practice_publish, name="publish"),
    path("<int:practice_id>/react/", views.practice_react, name="react"),
    path("<int:practice_id>/feature/", views.practice_feature, name="feature"),
    path("<int:practice_id>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("attachments/<int:attachment_id>/", views.attachment_download, name="attachment"),
    path(
        "attachments/<int:attachment_id>/delete/",
        views.attachment_delete,
        name="attachment_delete",
    ),
]
