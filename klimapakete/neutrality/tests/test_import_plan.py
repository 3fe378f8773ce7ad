"""The balance import: German numbers, units in headers, row problems, limits."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from klimapakete.neutrality import calc
from klimapakete.neutrality.balance_import import parse_number, plan
from klimapakete.tables import COMMAND_LINE, read_table, write_csv, write_xlsx


def _plan(data: bytes, name="bilanz.csv", **options):
    table = read_table(data, name, limits=COMMAND_LINE)
    return plan(table, machine_numbers=name.endswith(".xlsx"), max_entries=100, **options)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1.234,5", 1234.5),
        ("1234,5", 1234.5),
        ("1,234.5", 1234.5),
        ("1.234", 1234.0),
        ("1.234.567", 1234567.0),
        ("12.5", 12.5),
        ("1 234,5", 1234.5),
        ("-3", -3.0),
    ],
)
def test_numbers_as_people_write_them(text, value):
    assert parse_number(text) == value


def test_machine_numbers_from_workbooks_keep_their_dot():
    assert parse_number("1.234", machine=True) == 1.234


@pytest.mark.parametrize("text", ["", "abc", "1,2,3x", "--"])
def test_not_a_number(text):
    with pytest.raises(ValueError):
        parse_number(text)


def test_german_balance_with_gwh_in_the_heading():
    data = (
        "Sektor;Energieträger;Endenergie (GWh);Datengüte\n"
        "Private Haushalte;Erdgas;1.234,5;B\n"
        "GHD;Strom;12,5;a\n"
        "Verkehr;Diesel;0,75;\n"
    ).encode("cp1252")
    result = _plan(data)
    assert result.ok, result.problems
    assert result.unit == "GWh"
    assert result.entries == [
        calc.Entry("households", "natural_gas", 1_234_500.0, "B"),
        calc.Entry("commerce", "electricity", 12_500.0, "A"),
        calc.Entry("transport", "diesel", 750.0, "D"),
    ]


def test_unit_column_and_direct_tonnes():
    data = (
        b"Sector,Carrier,Amount,Unit\n"
        b"households,electricity,500000,kWh\n"
        b"agriculture,t CO2e,2,kt\n"
        b"Landnutzung,direkt,-40,t\n"
    )
    result = _plan(data)
    assert result.ok, result.problems
    assert result.entries[0].amount == 500.0
    assert result.entries[1] == calc.Entry("agriculture", calc.DIRECT, 2000.0, "D")
    assert result.entries[2].amount == -40.0  # a sink may be negative


def test_every_row_problem_is_reported_with_its_row():
    data = (
        "Sektor;Energieträger;Menge (MWh);Datengüte\n"
        "Haushalte;Erdgas;100;A\n"
        "Mond;Erdgas;100;A\n"
        "Haushalte;Uran;100;A\n"
        "Haushalte;Strom;viel;A\n"
        "Haushalte;Strom;-5;A\n"
        "Haushalte;Strom;5;Z\n"
        "Haushalte;;5;A\n"
    ).encode()
    result = _plan(data)
    assert not result.ok
    codes = [(row, code) for row, code, _ in result.problems]
    assert codes == [
        (3, "unknown_sector"),
        (4, "unknown_carrier"),
        (5, "invalid"),
        (6, "negative"),
        (7, "bad_quality"),
        (8, "missing"),
    ]


def test_missing_columns_and_too_many_rows():
    assert _plan(b"Name;Wert\nA;1\n").problems[0][1] == "missing_columns"
    rows = "".join("Haushalte;Strom;1\n" for _ in range(101))
    result = _plan(("Sektor;Energieträger;Menge\n" + rows).encode())
    assert result.problems == [(0, "too_many_entries", {"max": 100})]


def test_our_xlsx_template_round_trips():
    data = write_xlsx(
        ["Sektor", "Energieträger", "Menge (MWh)", "Datengüte"],
        [["Private Haushalte", "Heizöl", 1234.5, "C"], ["Industrie", "Erdgas", 1.234, "D"]],
    )
    result = _plan(data, "vorlage.xlsx")
    assert result.ok, result.problems
    assert [e.amount for e in result.entries] == [1234.5, 1.234]


rows = st.lists(
    st.tuples(
        st.sampled_from(["Haushalte", "GHD", "Industrie", "Verkehr"]),
        st.sampled_from(["Strom", "Erdgas", "Heizöl", "Diesel"]),
        st.integers(0, 10**9),
    ),
    min_size=1,
    max_size=20,
)


@given(rows, st.sampled_from(["kWh", "MWh", "GWh"]), st.booleans())
def test_the_same_balance_in_any_unit_and_number_style_gives_the_same_entries(items, unit, german):
    def cell(kwh: int) -> str:
        value = kwh / {"kWh": 1, "MWh": 1000, "GWh": 1_000_000}[unit]
        text = f"{value:,.6f}"
        return text.replace(",", "_").replace(".", ",").replace("_", ".") if german else text

    data = write_csv(
        ["Sektor", "Energieträger", f"Menge ({unit})"],
        [[s, c, cell(kwh)] for s, c, kwh in items],
        delimiter=";",
    )
    result = _plan(data)
    assert result.ok, result.problems
    assert [e.amount for e in result.entries] == pytest.approx([kwh / 1000 for *_, kwh in items])
