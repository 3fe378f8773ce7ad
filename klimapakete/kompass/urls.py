from django.urls import path

from klimapakete.kompass import views

app_name = "kompass"

urlpatterns = [
    path("", views.editor, name="editor"),
    path("blocks/<str:block_key>/", views.block_save, name="block_save"),
    path("blocks/<str:block_key>/reset/", views.block_reset, name="block_reset"),
    path("blocks/<str:block_key>/move/", views.block_move, name="block_move"),
    path("blocks/<str:block_key>/show/", views.block_show, name="block_show"),
    path("look/", views.look_save, name="look"),
    path("preview/", views.preview, name="preview"),
    path("preview.png", views.preview_png, name="preview_png"),
    path("export/", views.export, name="export"),
    path("versions/", views.versions, name="versions"),
    path("versions/<int:export_id>/", views.version_download, name="version_download"),
    path("public/", views.public_settings, name="public"),
]
