"""Pages of the power analysis: grid, network, key persons, introductions, recruitment
order and the ladder of engagement.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from klimapakete.actors.analysis import charts, selectors, services, svg
from klimapakete.actors.analysis.forms import picked_actor
from klimapakete.actors.analysis.mapdata import MAP
from klimapakete.actors.messages import STRENGTH_LABELS, key_person_reason, recruitment_reason
from klimapakete.actors.models import Actor, Ladder, Relationship, Stance
from klimapakete.core import analysis_cache
from klimapakete.core.errors import error_message
from klimapakete.core.links import url_maker
from klimapakete.teams.access import TeamRequest, team_object_or_404, team_view

# Positions per page of the recruitment order.
RECRUITMENT_PAGE_SIZE = 50


# The grid's quadrants (codes of analysis.grid_quadrant): short label and advice.
QUADRANTS = {
    "key_allies": (
        gettext_lazy("Key allies: involve closely"),
        gettext_lazy(
            "High power and in favour: involve them closely, give them a role and ask them "
            "to champion the cause."
        ),
    ),
    "persuade": (
        gettext_lazy("Persuade: find who can reach them"),
        gettext_lazy(
            "High power, undecided or against: learn their interests, reach them through "
            "people they trust, and avoid turning them into opponents."
        ),
    ),
    "mobilise": (
        gettext_lazy("Mobilise: build numbers"),
        gettext_lazy(
            "Less power but in favour: bring them into the alliance and give them tasks — "
            "together they add up."
        ),
    ),
    "monitor": (
        gettext_lazy("Watch: inform now and then"),
        gettext_lazy(
            "Less power, undecided or against: little effort, inform them now and then and "
            "watch for changes."
        ),
    ),
}


# Larger ids cannot be stored (SQLite and PostgreSQL raise OverflowError / DataError).
_MAX_DB_INT = 2**63 - 1


def _int_param(data, name: str, low: int | None = None, high: int | None = None) -> int | None:
    try:
        value = int(data.get(name, ""))
    except (TypeError, ValueError):
        return None
    if abs(value) > _MAX_DB_INT:
        return None
    if (low is not None and value < low) or (high is not None and value > high):
        return None
    return value


def actor_urls(team_slug: str) -> Callable[[object], str]:
    """``url(actor_id)``: the actor's page, with the URL reversed once for all rows."""
    return url_maker("actors:detail", team_slug)


def _sector_options(sectors, selected: int | None) -> str:
    """The options of a sector filter, built in one go (a team may have many sectors)."""
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((s.pk, mark_safe(" selected") if s.pk == selected else "", s.name) for s in sectors),
    )


def _team_sector(request, sector_id: int | None) -> int | None:
    if sector_id and request.team.sectors.filter(pk=sector_id).exists():
        return sector_id
    return None


@team_view()
def grid(request: TeamRequest):
    sector = _int_param(request.GET, "sector")
    kind = request.GET.get("kind", "")
    kind = kind if kind in Actor.Kind.values else ""
    chart = charts.grid_data(request.team, sector=sector, kind=kind)
    if sector not in {s.pk for s in chart.sectors}:
        sector = None
    quadrants = [
        {"q": q, "label": QUADRANTS[q.code][0], "advice": QUADRANTS[q.code][1]}
        for q in chart.quadrants
    ]
    context = {
        "chart": chart,
        "quadrants": quadrants,
        "sector": sector,
        "kind": kind,
        "kinds": Actor.Kind.choices,
        "sector_options": _sector_options(chart.sectors, sector),
        "filtered": bool(sector or kind),
    }
    return render(request, "actors/grid.html", context)


def analysis_status(team, found) -> dict:
    """What a page of a shared analysis says about its age and the worker's progress."""
    queued = analysis_cache.queued_at(MAP, team.pk)
    return {
        "missing": found is None,
        "stale": found is not None and not found.fresh,
        "age": analysis_age(found.computed_at) if found is not None else "",
        "queued": queued is not None,
        "queued_at": queued,
    }


def analysis_age(computed_at) -> str:
    """“Updated 2 minutes ago” (plural forms: one sentence per unit)."""
    minutes = max(int((timezone.now() - computed_at).total_seconds() // 60), 0)
    if minutes < 1:
        return _("Updated just now.")
    if minutes < 60:
        return ngettext(
            "Updated %(count)s minute ago.", "Updated %(count)s minutes ago.", minutes
        ) % {"count": minutes}
    hours = minutes // 60
    if hours < 48:
        return ngettext("Updated %(count)s hour ago.", "Updated %(count)s hours ago.", hours) % {
            "count": hours
        }
    days = hours // 24
    return ngettext("Updated %(count)s day ago.", "Updated %(count)s days ago.", days) % {
        "count": days
    }


@team_view()
@require_POST
def analysis_refresh(request):
    """Queue the worker's computation (after the cache lost the results, or none ran)."""
    analysis_cache.enqueue(MAP, request.team.pk)
    messages.info(request, _("The analysis is being computed; this takes a moment."))
    back = request.POST.get("next", "")
    names = {"key_persons", "recruitment", "network"}
    return redirect(f"actors:{back}" if back in names else "actors:key_persons", request.team.slug)


def _network_params(request, ego: int | None = None) -> dict:
    return {
        "sector": _int_param(request.GET, "sector"),
        "min_strength": _int_param(request.GET, "min_strength", 1, 3) or 1,
        "ego": ego if ego is not None else _int_param(request.GET, "actor"),
        "hops": _int_param(request.GET, "hops", 1, 2) or 1,
    }


@team_view()
def network(request: TeamRequest):
    actor_form, ego = picked_actor(request, name="actor", label=_("Around actor"), auto_id="net-%s")
    params = _network_params(request, ego)
    status = None
    if params == charts.DEFAULT_NETWORK:  # the whole network: the worker's layout
        found = charts.network_result(request.team)
        graph = found.value if found is not None else None
        status = analysis_status(request.team, found)
    else:
        graph = charts.network_data(request.team, **params)
    context = {
        "graph": graph,
        "params": params,
        "sector_options": _sector_options(
            request.team.sectors.order_by("order", "name"), params["sector"]
        ),
        "actor_form": actor_form,
        "strengths": STRENGTH_LABELS.items(),
        "kind_labels": dict(Relationship.Kind.choices),
        "filtered": any(request.GET.get(k) for k in ("sector", "min_strength", "actor")),
        "limit": charts.NETWORK_LIMIT,
        "data_url": reverse("actors:network_data", args=[request.team.slug])
        + (f"?{request.GET.urlencode()}" if request.GET else ""),
        "status": status,
        # The sectors of the drawn actors (a team's list of sectors can be long).
        "legend": sorted(
            {n.sector.id: n.sector for n in (graph.nodes if graph else []) if n.sector}.values(),
            key=lambda s: (s.order, s.name),
        ),
        "here": "network",
        "drawing": svg.network_svg(graph, actor_urls(request.team.slug)) if graph else "",
    }
    return render(request, "actors/network.html", context)


@team_view()
def network_data(request: TeamRequest):
    """The network as JSON: the same actors, ties and positions the network page draws."""
    _form, ego = picked_actor(request, name="actor", label="", auto_id="net-%s")
    params = _network_params(request, ego)
    graph = charts.network_data(request.team, **params)
    if graph is None:  # a large team's first layout is still being computed
        return JsonResponse({"computing": True, "nodes": [], "edges": []})
    actor_url = actor_urls(request.team.slug)
    return JsonResponse(
        {
            "total": graph.total,
            "matching": graph.matching,
            "truncated": graph.truncated,
            "width": graph.width,
            "height": graph.height,
            "nodes": [
                {
                    "id": n.actor.id,
                    "name": n.actor.name,
                    "kind": n.actor.kind,
                    "sector": n.sector.name if n.sector else None,
                    "colour": n.colour,
                    "power": n.actor.power,
                    "stance": n.actor.stance,
                    "x": n.x,
                    "y": n.y,
                    "url": actor_url(n.actor.id),
                }
                for n in graph.nodes
            ],
            "edges": [
                {
                    "source": e.source,
                    "target": e.target,
                    "kind": e.kind,
                    "strength": e.strength,
                    "directed": e.directed,
                }
                for e in graph.edges
            ],
        }
    )


@team_view()
def key_persons(request: TeamRequest):
    found = selectors.key_persons_for(request.team)
    rows = [
        {"row": row, "reason": key_person_reason(row.result.reason_code, row.result.reason_params)}
        for row in (found.value if found is not None else [])
    ]
    context = {"rows": rows, "status": analysis_status(request.team, found), "here": "key_persons"}
    return render(request, "actors/key_persons.html", context)


@team_view()
def introductions(request: TeamRequest):
    target_form, target = picked_actor(
        request, name="target", label=_("Actor to reach"), auto_id="intro-%s"
    )
    result = selectors.introductions_for(request.team, target=target) if target else None
    chains = []
    if result is not None:
        for chain in result.chains:
            chains.append(
                {
                    "chain": chain,
                    "links": [
                        {
                            "link": link,
                            "kind": Relationship.Kind(link.kind).label
                            if link.kind in Relationship.Kind.values
                            else link.kind,
                            "strength": STRENGTH_LABELS.get(link.strength, ""),
                        }
                        for link in chain.links
                    ],
                }
            )
    context = {
        "target_form": target_form,
        "target": target if result is not None else None,
        "result": result,
        "chains": chains,
        "unknown_target": bool(target) and result is None,
    }
    return render(request, "actors/introductions.html", context)


def with_names(translated: str, **values) -> SafeString:
    """A translated sentence with its values escaped, as ``{% blocktranslate %}`` renders
    it (the translation is the project's text, the values may be the users')."""
    return mark_safe(translated % {k: conditional_escape(v) for k, v in values.items()})  # noqa: S308


def _stance_labels() -> dict[int, str]:
    """The stances' labels in the reader's language, translated once per page."""
    return {value: str(label) for value, label in Stance.choices}


def _recruitment_entries(rows, count: int, actor_url) -> list[dict]:
    """The rows of one page of the order with their sentences ready: the template only
    places them (a translation tag or ``{% url %}`` per row was most of the page's time)."""
    figures = _("ease %(ease)s, power %(power)s")
    rank_label = _("New position for %(name)s")
    up_label, down_label = _("Move %(name)s up"), _("Move %(name)s down")
    stances = _stance_labels()
    entries = []
    for row in rows:
        actor, rank, introducer = row.actor, row.step.rank, row.introducer
        entries.append(
            {
                # Numbers as text: the template need not localise each one.
                "id": str(actor.id),
                "rank": str(rank),
                "pinned": row.pinned,
                "actor": format_html(
                    '<a href="{}">{}</a><div class="small muted"><span class="stance stance-{}">'
                    "{}</span> · {}</div>",
                    actor_url(actor.id),
                    actor.name,
                    actor.stance,
                    stances.get(actor.stance, actor.stance),
                    figures % {"ease": actor.ease, "power": actor.power},
                ),
                "reason": recruitment_reason(
                    row.step.reason_code,
                    row.reason_params,
                    introducer.name if introducer else None,
                ),
                "introducer": (
                    format_html('<a href="{}">{}</a>', actor_url(introducer.id), introducer.name)
                    if introducer
                    else "—"
                ),
                "rank_label": with_names(rank_label, name=actor.name),
                "up_label": with_names(up_label, name=actor.name),
                "down_label": with_names(down_label, name=actor.name),
                "first": rank == 1,
                "last": rank == count,
            }
        )
    return entries


@team_view()
def recruitment(request: TeamRequest):
    found = selectors.recruitment_for(request.team)
    order = found.value if found is not None else selectors.RecruitmentOrder.from_steps([])
    page = Paginator(order, RECRUITMENT_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = selectors.recruitment_rows(request.team, page.object_list)
    context = {
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2),
        "entries": _recruitment_entries(rows, len(order), actor_urls(request.team.slug)),
        "count": len(order),
        "pinned": order.pinned,
        "status": analysis_status(request.team, found),
        "reorder_url": reverse("actors:recruitment_reorder", args=[request.team.slug]),
        "here": "recruitment",
    }
    return render(request, "actors/recruitment.html", context)


@team_view()
@require_POST
def recruitment_reorder(request: TeamRequest):
    team = request.team
    back = reverse("actors:recruitment", args=[team.slug])
    if request.POST.get("action") == "reset":
        count = services.recruit_rank_reset(team=team)
        messages.success(
            request,
            ngettext(
                "The computed order is back; %(count)s manual position was removed.",
                "The computed order is back; %(count)s manual positions were removed.",
                count,
            )
            % {"count": count},
        )
        return redirect(back)
    actor_id = _int_param(request.POST, "actor")
    action = request.POST.get("action", "")
    rank = _int_param(request.POST, "rank", 1)
    if actor_id is None:
        return HttpResponseBadRequest(_("Please choose an actor."))
    if not team.actors.filter(pk=actor_id).exists():
        raise Http404
    try:
        wanted = services.recruit_rank_move(team=team, actor_id=actor_id, action=action, rank=rank)
    except services.RecruitmentMoveError as error:
        messages.error(request, error_message(error))
        return redirect(back)
    if action == "clear":
        messages.success(request, _("The actor is back at the computed position."))
    else:
        messages.success(request, _("Moved to position %(rank)s.") % {"rank": wanted})
    page = (wanted - 1) // RECRUITMENT_PAGE_SIZE + 1
    return redirect(f"{back}?page={page}#actor-{actor_id}")


def _pipeline_columns(columns, moved: int | None, actor_url) -> list[dict]:
    """The ladder's columns with their cards ready to place: sentences translated once per
    page, each column's choice of steps built once (no translation tag, include or
    ``{% url %}`` per card)."""
    power = _("power %(power)s")
    next_step = _("Next step: %(rung)s")
    move_to = _("Move %(name)s to “%(rung)s”")
    step_for = _("Step for %(name)s")
    stances = _stance_labels()
    result = []
    for column in columns:
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (value, mark_safe(" selected") if value == column.rung else "", label)
                for value, label in Ladder.choices
            ),
        )
        cards = [
            {
                "id": str(actor.pk),
                "moved": actor.pk == moved,
                "url": actor_url(actor.pk),
                "name": actor.name,
                "sector": (
                    format_html("{} {} · ", svg.dot(actor.sector.colour), actor.sector.name)
                    if actor.sector
                    else ""
                ),
                "stance": actor.stance,
                "stance_label": stances.get(actor.stance, actor.stance),
                "power": power % {"power": actor.power},
                "move_label": with_names(move_to, name=actor.name, rung=column.next_label),
                "step_label": with_names(step_for, name=actor.name),
            }
            for actor in column.actors
        ]
        result.append(
            {
                "rung": column.rung,
                "label": column.label,
                "count": column.count,
                "more": column.more,
                "next_rung": column.next_rung,
                "next_title": with_names(next_step, rung=column.next_label)
                if column.next_rung
                else "",
                "options": options,
                "cards": cards,
            }
        )
    return result


def _pipeline_context(request, sector: int | None, moved: int | None = None) -> dict:
    columns = selectors.pipeline_data(request.team, sector=sector)
    return {
        "columns": _pipeline_columns(columns, moved, actor_urls(request.team.slug)),
        "sector": sector,
        "sector_options": _sector_options(request.team.sectors.order_by("order", "name"), sector),
        "move_url": reverse("actors:pipeline_move", args=[request.team.slug]),
    }


@team_view()
def pipeline(request: TeamRequest):
    sector = _team_sector(request, _int_param(request.GET, "sector"))
    return render(request, "actors/pipeline.html", _pipeline_context(request, sector))


@team_view()
@require_POST
def pipeline_move(request: TeamRequest):
    actor_id = _int_param(request.POST, "actor")
    if actor_id is None:
        return HttpResponseBadRequest(_("Please choose an actor."))
    actor = team_object_or_404(request, Actor.objects.select_related("sector"), pk=actor_id)
    # The "→" button sends the next step as "to"; the select sends "ladder".
    ladder = request.POST.get("to") or request.POST.get("ladder", "")
    sector = _team_sector(request, _int_param(request.POST, "sector"))
    htmx = bool(request.htmx)
    if ladder not in Ladder.values:
        status, level = _("Please choose a step of the ladder."), messages.ERROR
    else:
        services.pipeline_move(actor=actor, user=request.user, ladder=ladder)
        status, level = (
            _("%(name)s is now at “%(rung)s”.")
            % {"name": actor.name, "rung": Ladder(ladder).label},
            messages.SUCCESS,
        )
    if htmx:
        context = _pipeline_context(request, sector, moved=actor.pk)
        context["status"] = status
        return render(request, "actors/pipeline.html#board", context)
    messages.add_message(request, level, status)
    url = reverse("actors:pipeline", args=[request.team.slug])
    query = f"?sector={sector}" if sector else ""
    return redirect(f"{url}{query}#actor-{actor.pk}")
