from django.urls import path

from klimapakete.selection import views_public

app_name = "selection_public"

# Public pages, reached only through an unguessable token (or the letter's code).
urlpatterns = [
    # the reply page for the code printed in the letter
    path("los/", views_public.code, name="code"),
    path("r/<token:token>/", views_public.register, name="register"),
    path("v/<token:token>/", views_public.verify, name="verify"),
    path(
        "v/<token:token>/distribution.csv",
        views_public.verify_distribution,
        name="verify_distribution",
    ),
    # the same stored file, under the name a physical draw's file has
    path("v/<token:token>/lottery.csv", views_public.verify_distribution, name="verify_lottery"),
]
