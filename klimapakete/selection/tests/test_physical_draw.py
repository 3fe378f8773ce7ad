"""A draw anyone can witness (issue 16): the lottery rounded to M equally likely panels,
the change shown before committing, the panels published, the number drawn in public."""

from __future__ import annotations

import hashlib

from django.urls import reverse

from klimapakete.cli import main
from klimapakete.selection.models import Selection
from klimapakete.selection.tests.test_workflow import compute, messages_of, url


def rounded(selection, coordinator_client, member_client, capture, panels="100"):
    compute(selection, member_client, capture)
    return coordinator_client.post(url("draw_round", selection), {"panels": panels})


def test_the_team_sees_the_change_of_probabilities_before_committing(
    selection, coordinator_client, member_client, django_capture_on_commit_callbacks
):
    response = rounded(
        selection, coordinator_client, member_client, django_capture_on_commit_callbacks
    )
    page = response.content.decode()
    lottery = selection.runs.get().rounded_lotteries.get()
    assert lottery.panels == 100 and len(lottery.lottery) == 100
    assert "Largest change of one person" in page
    assert f"{lottery.max_deviation:.4f}" in page
    assert f"{lottery.min_probability:.4f}" in page
    assert f"{lottery.leximin_min_probability:.4f}" in page
    # each panel keeps the quotas' size, and nothing is committed yet
    assert all(len(p) == selection.panel_size for p in lottery.lottery)
    selection.refresh_from_db()
    assert not selection.committed_at


def test_the_number_of_panels_is_bounded(
    selection, coordinator_client, member_client, django_capture_on_commit_callbacks, settings
):
    settings.SELECTION_LOTTERY_MAX_PANELS = 500
    response = rounded(
        selection,
        coordinator_client,
        member_client,
        django_capture_on_commit_callbacks,
        panels="1000",
    )
    assert "less than or equal to 500" in response.content.decode()
    assert not selection.runs.get().rounded_lotteries.exists()


def test_a_physical_draw_needs_the_rounding_first(
    selection, coordinator_client, member_client, django_capture_on_commit_callbacks
):
    compute(selection, member_client, django_capture_on_commit_callbacks)
    response = coordinator_client.post(
        url("draw_commit", selection),
        {"kind": "physical", "panels": "100"},
        follow=True,
    )
    assert any("round the lottery" in m for m in messages_of(response))


def test_the_public_page_lists_the_panels_and_the_draw_reproduces_from_the_number(
    selection,
    client,
    coordinator_client,
    member_client,
    django_capture_on_commit_callbacks,
    tmp_path,
    capsys,
):
    rounded(selection, coordinator_client, member_client, django_capture_on_commit_callbacks)
    coordinator_client.post(
        url("draw_commit", selection),
        {
            "kind": "physical",
            "panels": "100",
            "declaration": "Two ten-sided dice at the town hall, 9 May 2026, 18:00",
        },
    )
    selection.refresh_from_db()
    assert selection.seed_kind == Selection.SeedKind.PHYSICAL
    verify = reverse("selection_public:verify", args=[selection.verification_token])
    page = client.get(verify).content.decode()
    # before the draw: the 100 numbered panels are public, with the file and its hash
    assert page.count('<th scope="row">') == 100
    assert selection.distribution_sha256 in page and "town hall" in page
    file = client.get(
        reverse("selection_public:verify_lottery", args=[selection.verification_token])
    )
    assert hashlib.sha256(file.content).hexdigest() == selection.distribution_sha256
    commitment = coordinator_client.get(url("commitment", selection)).content.decode()
    assert "100 numbered, equally likely panels" in commitment

    response = coordinator_client.post(url("draw_panel", selection), {"drawn_number": "100"})
    assert "from 0 to 99" in response.content.decode()
    coordinator_client.post(url("draw_panel", selection), {"drawn_number": "4 2"})
    selection.refresh_from_db()
    lottery = selection.committed_run.rounded_lotteries.get(panels=100).lottery
    assert selection.drawn_index == 42
    assert selection.drawn_panel == sorted(int(i) for i in lottery[42])
    page = client.get(verify).content.decode()
    assert "klimapakete verify-draw --lottery lottery.csv --number 42" in page
    assert '<tr class="drawn"><th scope="row">43</th>' in page

    # anyone re-runs the draw from the published file and the number
    path = tmp_path / "lottery.csv"
    path.write_bytes(file.content)
    panel = tmp_path / "panel.csv"
    panel.write_text("id\n" + "".join(f"{n}\n" for n in selection.drawn_panel))
    capsys.readouterr()
    assert (
        main(["verify-draw", "--lottery", str(path), "--number", "42", "--panel", str(panel)]) == 0
    )
    assert "matches" in capsys.readouterr().out
