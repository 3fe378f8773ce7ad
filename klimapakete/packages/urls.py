from django.urls import path

from klimapakete.packages import views

app_name = "packages"

# Mounted under /t/<team_slug>/packages/.
urlpatterns = [
    path("", views.package_list, name="list"),
    path("items/<int:item_id>/done/", views.item_done, name="item_done"),
    path("items/<int:item_id>/plan/", views.item_plan, name="item_plan"),
    path("<slug:package_key>/", views.package_detail, name="detail"),
    path("<slug:package_key>/adopt/", views.package_adopt, name="adopt"),
    path("<slug:package_key>/drop/", views.package_drop, name="drop"),
    path("<slug:package_key>/<slug:step_key>/", views.step_detail, name="step"),
]
