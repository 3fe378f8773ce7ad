"""Citizen selection journey, in German and in English: plan letters, a resident
registers, the pool is imported, an infeasible quota is explained and fixed, the lottery is
computed, the panel drawn verifiably, a member replaced; the public page verifies the draw.
axe checks each page."""

from __future__ import annotations

import re

import pytest
from django.conf import settings as django_settings
from django.test import Client
from playwright.sync_api import expect

from klimapakete.selection.models import Selection

POOL_CSV = "Name,Contact,gender,age\n" + "".join(
    f"Person {i},p{i}@example.org,{'fm'[i % 2]},{'young' if i % 3 == 0 else 'old'}\n"
    for i in range(1, 12)
)


def translators(language: str):
    from django.utils import translation

    def translate(text: str) -> str:
        with translation.override(language):
            return translation.gettext(text)

    def translate_count(singular: str, plural: str, n: int) -> str:
        with translation.override(language):
            return translation.ngettext(singular, plural, n)

    return translate, translate_count


def logged_in(open_session, user, locale):
    client = Client()
    client.force_login(user)
    session = open_session(locale)
    session.context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                "url": BASE[0],
            }
        ]
    )
    return session


BASE: list[str] = []


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["de", "en"])
def test_selection_journey(open_session, live_server, tmp_path, settings, language):
    T, N = translators(language)  # noqa: N806 - read like the gettext aliases
    locale = "de-DE" if language == "de" else "en-US"
    settings.SELECTION_REGISTRATION_MIN_SECONDS = 0  # the browser fills the form at once
    from klimapakete.accounts.models import User
    from klimapakete.teams.services import team_create

    BASE[:] = [live_server.url]
    user = User.objects.create_user(
        email="clara@example.org",
        password="a-long-Test-passphrase-42",
        name="Clara",
        language=language,
    )
    team = team_create(
        user=user, name="LocalZero Browserstadt", municipality="Browserstadt", federal_state="HE"
    )
    coordinator = logged_in(open_session, user, locale)
    page = coordinator.page
    page.on("dialog", lambda dialog: dialog.accept())

    # Create the selection and plan the letters.
    page.goto(f"/t/{team.slug}/")
    page.get_by_role("navigation", name=T("Team navigation")).get_by_role(
        "link", name=T("Citizen selection")
    ).click()
    coordinator.check_accessibility()
    page.get_by_label(T("Title")).fill("Klimarat Browserstadt")
    page.get_by_label(T("Panel size (people)")).fill("4")
    page.get_by_role("button", name=T("Create selection")).click()
    rows = [
        ("gender", "f", "50", "10"),
        ("gender", "m", "50", "10"),
        ("age", "young", "40", "5"),
        ("age", "old", "60", "10"),
    ]
    for n, (category, value, share, rate) in enumerate(rows, 1):
        page.get_by_label(T("Category, row %(n)s") % {"n": n}, exact=True).fill(category)
        page.get_by_label(T("Value, row %(n)s") % {"n": n}, exact=True).fill(value)
        page.get_by_label(T("Population share, row %(n)s") % {"n": n}, exact=True).fill(share)
        page.get_by_label(T("Response rate, row %(n)s") % {"n": n}, exact=True).fill(rate)
    page.get_by_role("button", name=T("Save categories")).click()
    expect(page.get_by_text(T("The categories have been saved."))).to_be_visible()
    expect(page.locator(".letters-total")).to_have_text("100")
    coordinator.check_accessibility()
    with page.expect_download() as download:
        page.get_by_role("link", name=T("Request to the administration (PDF)")).click()
    assert download.value.path().read_bytes().startswith(b"%PDF-")

    # A resident registers through the public link, without an account.
    selection = Selection.objects.get(team=team)
    resident = open_session(locale)
    rpage = resident.page
    rpage.goto(f"/r/{selection.registration_token}/")
    expect(rpage.get_by_role("heading", name="Klimarat Browserstadt")).to_be_visible()
    resident.check_accessibility()
    rpage.get_by_role("textbox", name=T("Name")).fill("Rita Resident")
    rpage.get_by_label(T("E-mail address or phone number")).fill("rita@example.org")
    rpage.get_by_role("combobox", name="gender").select_option("f")
    rpage.get_by_role("combobox", name="age").select_option("young")
    rpage.get_by_role("button", name=T("Register")).click()
    expect(
        rpage.get_by_text(T("Please confirm that you agree to the use of your data."))
    ).to_be_visible()
    consent = T(
        "I agree that %(team)s stores my name, contact details and the answers above "
        "in order to draw the citizens' panel “%(title)s” by lot and to contact me "
        "about it. I can withdraw my consent at any time."
    )
    rpage.get_by_label(re.compile(re.escape(consent.split("%(team)s")[0]))).check()
    rpage.get_by_role("button", name=T("Register")).click()
    expect(
        rpage.get_by_text(
            T("Thank you! You are registered. If you are drawn for the panel, we will contact you.")
        )
    ).to_be_visible()
    resident.check_accessibility()

    # The rest of the pool is imported from a CSV file.
    page.get_by_role("link", name=T("3. Respondents")).click()
    page.get_by_role("link", name=T("Import respondents")).click()
    pool = tmp_path / "pool.csv"
    pool.write_text(POOL_CSV)
    page.get_by_label(T("CSV or Excel file (.csv, .xlsx)")).set_input_files(str(pool))
    page.get_by_role("button", name=T("Upload and preview")).click()
    expect(
        page.get_by_role(
            "heading",
            name=N("Preview: %(counter)s row", "Preview: %(counter)s rows", 11) % {"counter": 11},
        )
    ).to_be_visible()
    coordinator.check_accessibility()
    page.get_by_role("button", name=T("Import all rows")).click()
    imported = N(
        "%(count)s respondent has been imported.", "%(count)s respondents have been imported.", 11
    )
    expect(page.get_by_text(imported % {"count": 11})).to_be_visible()
    expect(
        page.get_by_role(
            "heading",
            name=N("%(counter)s respondent", "%(counter)s respondents", 12) % {"counter": 12},
        )
    ).to_be_visible()
    coordinator.check_accessibility()

    # Quotas: too many women and men for a panel of 4 is explained, the fix applied.
    page.get_by_role("link", name=T("4. Quotas")).click()
    for value, low, high in (
        ("f", "3", "3"),
        ("m", "3", "3"),
        ("young", "1", "4"),
        ("old", "1", "4"),
    ):
        names = {"category": "gender" if value in "fm" else "age", "value": value}
        page.get_by_label(T("Min for %(category)s = %(value)s") % names).fill(low)
        page.get_by_label(T("Max for %(category)s = %(value)s") % names).fill(high)
    too_many = T("%(category)s: the mins add up to %(total)s, more than the panel size %(k)s.")
    expect(page.get_by_text(too_many % {"category": "gender", "total": 6, "k": 4})).to_be_visible()
    expect(page.get_by_text(T("Smallest change that makes a panel possible:"))).to_be_visible()
    coordinator.check_accessibility()
    page.get_by_role("button", name=T("Apply all suggestions")).click()
    expect(page.get_by_text(T("The quotas can be met: a panel exists."))).to_be_visible()

    # Compute (the task runs in-process here) and look at the result.
    page.get_by_role("link", name=T("5. Compute")).click()
    page.get_by_role("button", name=T("Compute"), exact=True).click()
    expect(page.get_by_role("heading", name=T("Selection probabilities"))).to_be_visible()
    expect(page.locator(".histogram svg rect").first).to_be_visible()
    coordinator.check_accessibility()

    # Fix the seed, print the commitment, draw.
    page.get_by_role("link", name=T("6. Draw")).click()
    page.get_by_label(T("secret seed, published as a SHA-256 hash before the draw")).check()
    page.get_by_role("button", name=T("Commit to the draw")).click()
    commitment = page.locator("code.commitment").inner_text()
    assert re.fullmatch(r"[0-9a-f]{64}", commitment)
    coordinator.check_accessibility()
    page.get_by_role("button", name=T("Draw the panel now")).click()
    expect(page.get_by_text(T("The panel has been drawn."))).to_be_visible()
    coordinator.check_accessibility()

    # A member drops out and is replaced.
    drops_out = re.escape(T("No. %(number)s drops out")).replace("%\\(number\\)s", r"\d+")
    page.get_by_role("button", name=re.compile(drops_out)).first.click()
    replaced = T("Respondent %(old)s dropped out; respondent %(new)s takes the seat.")
    replaced = re.escape(replaced % {"old": "OLD", "new": "NEW"})
    replaced = replaced.replace("OLD", r"\d+").replace("NEW", r"\d+")
    expect(page.get_by_text(re.compile(replaced))).to_be_visible()

    # Anyone can verify the draw: numbers, not names.
    selection.refresh_from_db()
    rpage.goto(f"/v/{selection.verification_token}/")
    expect(rpage.get_by_text(commitment)).to_be_visible()
    expect(rpage.locator(".drawn-panel")).to_have_text(" ".join(map(str, selection.drawn_panel)))
    assert "Rita" not in rpage.content() and "Person 1" not in rpage.content()
    resident.check_accessibility()

    assert coordinator.axe_violations + resident.axe_violations == []
    assert coordinator.console_errors + resident.console_errors == []
