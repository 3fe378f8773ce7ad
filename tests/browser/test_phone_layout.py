"""On a phone (390 px) no page of the demo team may scroll sideways as a whole.

Wide tables scroll inside their own box; everything else wraps. The test crawls every
page the demo team's navigation leads to (each kind of page twice at most), so a new page
is checked without being listed here.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from playwright.sync_api import Error as PlaywrightError

PHONE = {"width": 390, "height": 844}
# Files and actions, not pages.
SKIP = re.compile(
    r"\.(pdf|docx|csv|xlsx|ods|ics|zip|json|png|svg)$|/export|/download|logout|/language/"
)
PER_KIND = 2
# The innermost elements that stick out on the right, to say what to fix.
CULPRITS = """() => {
    const wide = el => el.getBoundingClientRect().right > window.innerWidth + 1;
    const top = [document.body, document.documentElement];
    const out = [];
    for (const el of document.querySelectorAll('body *')) {
        if (!wide(el) || [...el.children].some(wide)) continue;
        let clipped = false;
        for (let up = el.parentElement; up && !top.includes(up); up = up.parentElement) {
            if (getComputedStyle(up).overflowX !== 'visible') { clipped = true; break; }
        }
        const name = el.tagName.toLowerCase() + '.' + String(el.className).split(' ').join('.');
        if (!clipped) out.push(name + ' ' + Math.round(el.getBoundingClientRect().right) + 'px');
        if (out.length >= 3) break;
    }
    return out;
}"""
MAX_PAGES = 400


def kind_of(path: str) -> str:
    """Pages that differ only in ids are one kind: /t/x/actors/12/ and /t/x/actors/13/."""
    return re.sub(r"/\d+/", "/N/", path)


def crawl(page, start: str, prefix: str) -> tuple[list[str], list[str]]:
    """Visit every page under ``prefix`` reachable from ``start``; return the visited paths
    and the ones wider than the screen."""
    todo, seen, kinds, visited, too_wide = [start], {start}, {}, [], []
    while todo and len(visited) < MAX_PAGES:
        path = todo.pop(0)
        try:
            response = page.goto(path)
        except PlaywrightError:  # a download, not a page
            continue
        if (
            response is None
            or response.status != 200
            or "html" not in (response.headers.get("content-type", ""))
        ):
            continue
        visited.append(path)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide.append(f"{path}: {width}px {page.evaluate(CULPRITS)}")
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            link = urlsplit(urljoin(page.url, href))
            target = link.path + (f"?{link.query}" if link.query else "")
            if link.netloc != urlsplit(page.url).netloc or not link.path.startswith(prefix):
                continue
            if SKIP.search(link.path) or target in seen:
                continue
            kind = kind_of(link.path)
            if kinds.get(kind, 0) >= PER_KIND:
                continue
            kinds[kind] = kinds.get(kind, 0) + 1
            seen.add(target)
            todo.append(target)
    return visited, too_wide


@pytest.mark.django_db(transaction=True)
def test_every_page_of_the_demo_team_fits_a_phone_screen(open_session):
    from klimapakete.actors.models import Actor
    from klimapakete.packages.services import content_load
    from klimapakete.teams.models import Team

    content_load()
    call_command("demo_data", verbosity=0)
    team = Team.objects.get(name="LocalZero Musterstadt")
    # A name and notes without any space (pasted URLs, hostile input) must wrap too.
    unbroken = Actor.objects.create(
        team=team, name="Ü" * 200, notes="x" * 2000, stance=2, power=5, ease=5
    )

    session = open_session("de-DE")
    page = session.page
    page.set_viewport_size(PHONE)
    page.goto("/accounts/login/")
    page.locator("input[name=email]").fill("koordination@example.org")
    page.locator("input[name=password]").fill("klimademo2026")
    page.locator("main button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)

    prefix = f"/t/{team.slug}/"
    visited, too_wide = crawl(page, prefix, prefix)
    for path in (f"{prefix}actors/{unbroken.pk}/", "/", "/accounts/profile/", "/forum/"):
        page.goto(path)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide.append(f"{path}: {width}px")
    # The crawl reaches the pages the issue named, and many more.
    assert len(visited) > 40, visited
    for part in ("workshops/meetings/", "workshops/roundtables/", "selection/"):
        assert any(part in path for path in visited), (part, visited)
    assert not too_wide, too_wide


@pytest.mark.django_db(transaction=True)
def test_the_actor_map_tabs_scroll_in_their_own_box_on_a_phone(open_session, personas):
    session = open_session("de-DE")
    session.log_in(personas["member"])
    page = session.page
    page.set_viewport_size(PHONE)
    page.goto(f"/t/{personas['team'].slug}/actors/sectors/")
    tabs = page.get_by_role("navigation", name="Akteurslandkarte")
    current = tabs.locator("a[aria-current=page]")
    assert current.inner_text() == "Bereiche"
    # The row is wider than the screen but only the tabs scroll, not the page.
    box = tabs.evaluate("el => ({scroll: el.scrollWidth, client: el.clientWidth})")
    assert box["scroll"] > box["client"]
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    current.focus()
    assert tabs.evaluate("el => el.scrollLeft") > 0  # the focused last tab is scrolled into view
    session.check_accessibility()
    assert session.axe_violations == []
