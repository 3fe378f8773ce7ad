from django.urls import path

from klimapakete.council import views

app_name = "council"

# Mounted under /t/<team_slug>/council/.
urlpatterns = [
    path("", views.profile, name="profile"),
    path("start/", views.start, name="start"),
    path("edit/", views.edit, name="edit"),
    path("documents/", views.documents, name="documents"),
    path("documents/<slug:kind>.pdf", views.document, {"fmt": "pdf"}, name="document_pdf"),
    path("documents/<slug:kind>.docx", views.document, {"fmt": "docx"}, name="document_docx"),
    path("versions/", views.versions, name="versions"),
    path("versions/<int:version_id>/", views.version, name="version"),
    path("versions/<int:version_id>/delete/", views.version_delete, name="version_delete"),
    path("compare/", views.compare, name="compare"),
    path("law/", views.state_rules, name="rules"),
    path("status/", views.status, name="status"),
    path("status/offers/", views.offers, name="offers"),
    path("status/meetings/", views.meeting_series, name="meeting_series"),
    path("status/<int:milestone_id>/text/", views.milestone_text, name="milestone_text"),
    path("status/<int:milestone_id>/file/", views.milestone_file, name="milestone_file"),
    path("status/<int:milestone_id>/delete/", views.milestone_delete, name="milestone_delete"),
]
