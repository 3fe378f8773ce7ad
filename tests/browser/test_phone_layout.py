"""On a phone (390 px) no page of the actor map may scroll sideways as a whole.

Wide tables scroll inside their own box; everything else wraps.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command

PAGES = [
    "",
    "actors/",
    "actors/sectors/",
    "actors/analysis/grid/",
    "actors/analysis/recruitment/",
    "actors/analysis/key-persons/",
    "actors/pipeline/",
    "actors/administration/",
    "actors/approach/",
    "members/",
]


@pytest.mark.django_db(transaction=True)
def test_actor_map_pages_fit_a_phone_screen(open_session):
    from klimapakete.actors.models import Actor
    from klimapakete.packages.services import content_load
    from klimapakete.teams.models import Team

    content_load()
    call_command("demo_data", verbosity=0)
    team = Team.objects.get(name="LocalZero Musterstadt")
    organisation = Actor.objects.filter(team=team, kind="organisation").order_by("pk").first()
    # A name and notes without any space (pasted URLs, hostile input) must wrap too.
    unbroken = Actor.objects.create(
        team=team, name="Ü" * 200, notes="x" * 2000, stance=2, power=5, ease=5
    )

    session = open_session("de-DE")
    page = session.page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/accounts/login/")
    page.locator("input[name=email]").fill("koordination@example.org")
    page.locator("input[name=password]").fill("klimademo2026")
    page.locator("main button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)

    too_wide = []
    for path in [*PAGES, f"actors/{organisation.pk}/", f"actors/{unbroken.pk}/"]:
        page.goto(f"/t/{team.slug}/{path}")
        width = page.evaluate("() => document.documentElement.scrollWidth")
        if width > 390:
            too_wide.append(f"{path or 'dashboard'}: {width}px")
    assert not too_wide, too_wide
