"""The one error convention, shared by the pure modules and the apps.

A rule broken by a request raises a :class:`DomainError` (or a subclass per subject):
``code`` names the rule, ``params`` carry the values its sentence needs. The error never
carries prose. Each app has one ``messages`` module that turns codes into translated
sentences (see ``klimapakete.core.errors``); templates receive sentences, never codes.
This module has no Django import, so solvers and the table layer use it too.
"""

from __future__ import annotations

from collections.abc import Iterable


class DomainError(Exception):
    """A broken rule: ``code`` names it, ``params`` fill its sentence.

    ``problems`` lists several broken rules at once (e.g. every invalid quota) as
    ``(code, params)`` pairs; a single error lists itself.
    """

    def __init__(
        self, code: str, /, *, problems: Iterable[tuple[str, dict]] | None = None, **params
    ) -> None:
        super().__init__(code)
        self.code = code
        self.params = params
        self.problems: list[tuple[str, dict]] = list(problems) if problems else [(code, params)]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.code!r}, **{self.params!r})"
