"""Writes of the citizen selection, one module per stage.

``setup`` (selection, settings, categories), ``pool`` (registrations, import, duplicates,
deletion on request), ``quotas``, ``runs`` (start, cancel, lost workers) with ``compute``
(the worker side), ``draw`` (rounding, commitment, withdrawal, draw, drop-outs),
``addresses`` (address draws from a register extract) and ``retention`` (purge, close,
deletion log). Reads are in ``selectors``; which action each state allows in ``states``.
Callers import the stage module.
"""
