from django.urls import path

from klimapakete.neutrality import views

app_name = "neutrality"

# Mounted under /t/<team_slug>/neutrality/.
urlpatterns = [
    path("", views.definition, name="definition"),
    path("boundary/", views.boundary, name="boundary"),
    path("influence/", views.influence, name="influence"),
    path("baseline/", views.baseline, name="baseline"),
    path("baseline/frame/", views.frame, name="frame"),
    path("baseline/entries/", views.entry_add, name="entry_add"),
    path(
        "baseline/entries/<int:neutrality_entry_id>/delete/",
        views.entry_delete,
        name="entry_delete",
    ),
    path("baseline/factors/", views.factor, name="factor"),
    path("baseline/import/", views.import_balance, name="import"),
    path("baseline/vorlage.csv", views.template, {"fmt": "csv"}, name="template_csv"),
    path("baseline/vorlage.xlsx", views.template, {"fmt": "xlsx"}, name="template_xlsx"),
    path("definition.pdf", views.document, {"fmt": "pdf"}, name="document_pdf"),
    path("definition.docx", views.document, {"fmt": "docx"}, name="document_docx"),
]
