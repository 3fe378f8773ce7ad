"""What every new team starts with: apps register a function that gives a new team its
defaults (the actor map's sectors, the calendar feed's address), so that no page has to
create them lazily on a GET.

A hook takes the team and the language of the person who founded it and runs inside
``team_create``'s transaction. Teams that existed before a hook was added get its
defaults from a data migration of the app.
"""

from __future__ import annotations

from collections.abc import Callable

TeamHook = Callable[..., None]
HOOKS: list[TeamHook] = []


def register(hook: TeamHook) -> TeamHook:
    """Run ``hook(team=..., language=...)`` for every team created from now on."""
    if hook not in HOOKS:
        HOOKS.append(hook)
    return hook


def team_created(*, team, language: str) -> None:
    for hook in HOOKS:
        hook(team=team, language=language)
