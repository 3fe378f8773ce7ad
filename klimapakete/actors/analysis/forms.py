"""The actor filters of the analysis pages: searches, not a select with every actor."""

from __future__ import annotations

from django import forms

from klimapakete.core.pickers import SearchChoiceField


class ActorPickForm(forms.Form):
    """One actor of the team, chosen by search (``name`` is the GET parameter)."""

    def __init__(self, data=None, *, team, name: str, label, required=False, **kwargs):
        super().__init__(data, **kwargs)
        field = SearchChoiceField("actors", label=label, required=required)
        field.queryset = team.actors.all()
        field.bind(team)
        self.fields[name] = field
        self.name = name


def picked_actor(request, *, name: str, label, auto_id: str):
    """(form, actor id): the id from the parameter, or the actor the typed text names."""
    data = request.GET
    raw = data.get(name, "")
    form_kwargs = {"team": request.team, "name": name, "label": label, "auto_id": auto_id}
    if raw.isdigit() or not data.get(f"{name}_search", "").strip():
        actor_id = int(raw) if raw.isdigit() else None
        actor = request.team.actors.filter(pk=actor_id).first() if actor_id else None
        return ActorPickForm(initial={name: actor}, **form_kwargs), actor_id
    form = ActorPickForm(data, **form_kwargs)
    if form.is_valid() and form.cleaned_data[name] is not None:
        return form, form.cleaned_data[name].pk
    return form, None
