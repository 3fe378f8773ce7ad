from django.urls import path

from klimapakete.workshops import views

app_name = "workshops"

# Mounted under /t/<team_slug>/workshops/.
urlpatterns = [
    path("", views.workshop_list, name="list"),
    path("new/", views.workshop_create, name="create"),
    path("<int:workshop_id>/", views.workshop_detail, name="detail"),
    path("<int:workshop_id>/edit/", views.workshop_edit, name="edit"),
    path("<int:workshop_id>/delete/", views.workshop_delete, name="delete"),
    path("<int:workshop_id>/participants/", views.participants, name="participants"),
    path("<int:workshop_id>/participants/add/", views.participants_add, name="participants_add"),
    path("<int:workshop_id>/participants/guest/", views.guest_add, name="guest_add"),
    path(
        "<int:workshop_id>/participants/status/",
        views.participants_status,
        name="participants_status",
    ),
    path("<int:workshop_id>/invitations/", views.invitations_send, name="invitations_send"),
    path("participants/<int:participant_id>/", views.participant_update, name="participant_update"),
    path(
        "participants/<int:participant_id>/delete/",
        views.participant_delete,
        name="participant_delete",
    ),
    path("<int:workshop_id>/agenda/", views.agenda, name="agenda"),
    path("<int:workshop_id>/agenda/add/", views.agenda_add, name="agenda_add"),
    path("agenda/<int:block_id>/", views.agenda_block_edit, name="agenda_block_edit"),
    path("agenda/<int:block_id>/move/", views.agenda_block_move, name="agenda_block_move"),
    path("agenda/<int:block_id>/delete/", views.agenda_block_delete, name="agenda_block_delete"),
    path("<int:workshop_id>/plan/", views.plan, name="plan"),
    path("<int:workshop_id>/plan/swap/", views.plan_swap, name="plan_swap"),
    path("<int:workshop_id>/plan/replan/", views.plan_replan, name="plan_replan"),
    path("<int:workshop_id>/print/tables.pdf", views.print_tables, name="print_tables"),
    path("<int:workshop_id>/print/cards.pdf", views.print_cards, name="print_cards"),
    path("<int:workshop_id>/print/schedules.pdf", views.print_schedules, name="print_schedules"),
    path("<int:workshop_id>/results/", views.results, name="results"),
    path("roundtables/", views.round_tables, name="roundtables"),
    path("roundtables/calendar/reset/", views.calendar_feed_reset, name="calendar_reset"),
    path("roundtables/<int:roundtable_id>/", views.round_table, name="roundtable"),
    path("roundtables/<int:roundtable_id>/edit/", views.round_table_edit, name="roundtable_edit"),
    path(
        "roundtables/<int:roundtable_id>/delete/",
        views.round_table_delete,
        name="roundtable_delete",
    ),
    path(
        "roundtables/<int:roundtable_id>/meetings/new/",
        views.meeting_create,
        name="meeting_create",
    ),
    path("meetings/<int:meeting_id>/", views.meeting, name="meeting"),
    path("meetings/<int:meeting_id>/delete/", views.meeting_delete, name="meeting_delete"),
    path("meetings/<int:meeting_id>/actions/", views.action_item_add, name="action_add"),
    path("meetings/<int:meeting_id>/invite/", views.meeting_invite, name="meeting_invite"),
    path("actions/<int:action_id>/", views.action_item_update, name="action_update"),
]
