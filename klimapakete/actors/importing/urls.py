"""URLs of the import and the exports (mounted under /t/<team_slug>/actors/)."""

from django.urls import path

from klimapakete.actors.importing import views

urlpatterns = [
    path("import/", views.import_start, name="import"),
    path("import/map/", views.import_map, name="import_map"),
    path("import/preview/", views.import_preview, name="import_preview"),
    path("import/sectors/", views.import_sectors, name="import_sectors"),
    path("import/values/", views.import_values, name="import_values"),
    path("import/cancel/", views.import_cancel, name="import_cancel"),
    path("export/actors.csv", views.export_actors, {"fmt": "csv"}, name="export_csv"),
    path("export/actors.xlsx", views.export_actors, {"fmt": "xlsx"}, name="export_xlsx"),
    path(
        "export/relationships.csv",
        views.export_relationships,
        {"fmt": "csv"},
        name="export_relationships_csv",
    ),
    path(
        "export/relationships.xlsx",
        views.export_relationships,
        {"fmt": "xlsx"},
        name="export_relationships_xlsx",
    ),
]
