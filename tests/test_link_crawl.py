"""Crawl every same-site link the demo coordinator can reach and assert none is dead.

Starts at the team dashboard of the demo team, follows every ``href`` on the site
breadth-first (skipping log-out and downloads) and asserts each page answers 200 or 302.
"""

from __future__ import annotations

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client

MAX_PAGES = 800
SKIP_PREFIXES = ("/accounts/logout/", "/static/", "/media/", "/admin/")
DOWNLOAD_TYPES = (
    "application/zip",
    "application/pdf",
    "text/csv",
    "text/calendar",
    "application/vnd.openxmlformats",
    "application/json",
)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("a", "link"):
            attributes = dict(attrs)
            if tag == "link" and attributes.get("rel") in ("stylesheet", "icon"):
                return
            if href := attributes.get("href"):
                self.hrefs.append(href)


def _same_site(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme not in ("", "http", "https") or parts.netloc not in ("", "testserver"):
        return None
    path = parts.path or "/"
    if path.startswith(SKIP_PREFIXES) or "logout" in path:
        return None
    return path + (f"?{parts.query}" if parts.query else "")


@pytest.mark.django_db
def test_no_dead_links_for_the_demo_coordinator():
    call_command("demo_data", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    from klimapakete.teams.models import Team

    team = Team.objects.get(name="LocalZero Musterstadt")
    client = Client()
    assert client.login(email="koordination@example.org", password="klimademo2026")

    start = f"/t/{team.slug}/"
    queue: deque[tuple[str, str]] = deque([(start, "(start)")])
    seen = {start}
    broken: list[str] = []
    visited = 0
    while queue and visited < MAX_PAGES:
        url, referrer = queue.popleft()
        response = client.get(url)
        visited += 1
        if response.status_code not in (200, 302):
            broken.append(f"{url} -> {response.status_code} (linked from {referrer})")
            continue
        content_type = response.get("Content-Type", "")
        if response.status_code != 200 or not content_type.startswith("text/html"):
            continue
        if response.get("Content-Disposition", "").startswith("attachment"):
            continue
        parser = _Links()
        parser.feed(response.content.decode())
        for href in parser.hrefs:
            target = _same_site(urldefrag(urljoin(url, href))[0])
            if target and target not in seen:
                seen.add(target)
                queue.append((target, url))
    print(f"crawled {visited} pages, {len(queue)} left in the queue")
    assert visited > 50, f"only {visited} pages reached"
    assert not broken, "\n".join(broken)
