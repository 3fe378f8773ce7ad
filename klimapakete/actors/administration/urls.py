"""URLs of the administration map and the approach plan (under /t/<team_slug>/actors/)."""

from django.urls import path

from klimapakete.actors.administration import views

urlpatterns = [
    path("administration/", views.administration, name="administration"),
    path("administration/template/", views.administration_template, name="administration_template"),
    path("administration/units/new/", views.unit_create, name="unit_create"),
    path("administration/units/<int:unit_id>/", views.unit_edit, name="unit_edit"),
    path("administration/units/<int:unit_id>/delete/", views.unit_delete, name="unit_delete"),
    path("administration/place/", views.unit_place, name="unit_place"),
    path("approach/", views.approach, name="approach"),
    path("approach/generate/", views.approach_generate, name="approach_generate"),
    path("approach/steps/<int:step_id>/", views.approach_step, name="approach_step"),
]
