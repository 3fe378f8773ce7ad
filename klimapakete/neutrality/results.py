"""Everything the pages and the document show, computed from plain values (no Django)."""

from __future__ import annotations

from dataclasses import dataclass

from . import calc
from .definition import Definition
from .reference import Budget, Budgets, FactorSet


@dataclass(frozen=True)
class Results:
    balance: calc.Balance | None
    error: calc.CalcError | None
    linear: calc.Path | None
    constant_rate: calc.Path | None
    budget: Budget
    share: calc.BudgetShare | None
    per_capita: float | None
    bisko_conform: bool  # boundary and factors together
    left_out_entries: int  # entries of sectors outside the boundary (not counted)


def compute(
    *,
    definition: Definition,
    entries: list[calc.Entry],
    overrides: dict[str, float],
    factors: FactorSet,
    budgets: Budgets,
    budget_key: str,
    base_year: int | None,
    population: int | None,
) -> Results:
    """The balance of the counted sectors, the two paths to the target and the budget share."""
    boundary = definition.boundary
    counted = set(boundary.counted_sectors())
    inside = [e for e in entries if e.sector in counted]
    budget = budgets.get(budget_key)
    try:
        balance = calc.balance(
            inside, factors.defaults(), overrides, locally_set=factors.plant_specific
        )
        error = None
    except calc.CalcError as problem:
        balance, error = None, problem
    linear = constant = share = per_capita = None
    if balance is not None and balance.total > 0 and base_year:
        residual = balance.total * boundary.residual_percent / 100
        if boundary.target_year > base_year:
            linear = calc.linear_path(base_year, balance.total, boundary.target_year, residual)
            constant = calc.constant_rate_path(
                base_year, balance.total, boundary.target_year, residual
            )
        if population:
            per_capita = balance.per_capita(population)
            share = calc.budget_share(
                national_budget_t=budget.tonnes,
                start_year=budget.start_year,
                national_population=budgets.population,
                population=population,
                annual_emissions=balance.total,
            )
    conform = boundary.bisko_conform and (balance is None or balance.bisko_conform)
    return Results(
        balance=balance,
        error=error,
        linear=linear,
        constant_rate=constant,
        budget=budget,
        share=share,
        per_capita=per_capita,
        bisko_conform=conform,
        left_out_entries=len(entries) - len(inside),
    )
