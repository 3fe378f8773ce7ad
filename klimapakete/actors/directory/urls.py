"""URLs of the actors, sectors, relationships, conversations and the digest settings
(mounted under /t/<team_slug>/actors/)."""

from django.urls import path

from klimapakete.actors.directory import views

urlpatterns = [
    path("", views.actor_list, name="list"),
    path("new/", views.actor_create, name="create"),
    path("sectors/", views.sector_list, name="sectors"),
    path("sectors/<int:sector_id>/", views.sector_edit, name="sector_edit"),
    path("sectors/<int:sector_id>/delete/", views.sector_delete, name="sector_delete"),
    path("<int:actor_id>/", views.actor_detail, name="detail"),
    path("<int:actor_id>/edit/", views.actor_edit, name="edit"),
    path("<int:actor_id>/field/", views.actor_field, name="field"),
    path("<int:actor_id>/delete/", views.actor_delete, name="delete"),
    path("<int:actor_id>/export/", views.actor_personal_export, name="personal_export"),
    path(
        "<int:actor_id>/relationships/new/", views.relationship_create, name="relationship_create"
    ),
    path(
        "relationships/<int:relationship_id>/delete/",
        views.relationship_delete,
        name="relationship_delete",
    ),
    path(
        "<int:actor_id>/conversations/new/", views.conversation_create, name="conversation_create"
    ),
    path(
        "conversations/<int:conversation_id>/edit/",
        views.conversation_edit,
        name="conversation_edit",
    ),
    path(
        "conversations/<int:conversation_id>/done/",
        views.conversation_step_done,
        name="conversation_step_done",
    ),
    path(
        "conversations/<int:conversation_id>/delete/",
        views.conversation_delete,
        name="conversation_delete",
    ),
    path("digest/", views.digest_settings, name="digest_settings"),
]
