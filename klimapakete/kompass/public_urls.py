from django.urls import path

from klimapakete.kompass import public

app_name = "kompass_public"

# The public alliance page, when the team's coordinator has switched it on.
urlpatterns = [
    path("<slug:public_slug>/", public.page, name="page"),
    path("<slug:public_slug>/style.css", public.style, name="style"),
    path("<slug:public_slug>/logo.png", public.logo, name="logo"),
]
