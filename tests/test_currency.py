"""The people table's currency: read from the cost column's header (``Cost per hour (€)``), or given to the
pack (``currency=``), and shown beside every money figure of the pack; unknown, the pack says how to give it."""

import re
import warnings

import pytest

from pmo_forecast.core import schema as S
from pmo_forecast.core.exceptions import SchemaError
from pmo_forecast.inputs.companions import load_people


def _people_csv(tmp_path, header, more="", cells=("90", "80.5")):
    path = tmp_path / "people.csv"
    ana, bo = (f'"{c}"' for c in cells)
    path.write_text(f"person,role,hours_per_week,{header}{more}\n"
                    f"Ana,dev,40,{ana}" + (",95" if more else "") + f"\nBo,pm,40,{bo}" + (",85" if more else "") + "\n",
                    encoding="utf-8")
    return path


def _load(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_people(path)


@pytest.mark.parametrize(("header", "currency"), [("Cost per hour (EUR)", "EUR"), ("Cost per hour (€)", "EUR"),
                                                   ("Rate €/h", "EUR"), ("Hourly rate (USD)", "USD"),
                                                   ("Kosten/Std (CHF)", "CHF"), ("Rate (£)", "GBP")])
def test_the_cost_columns_header_gives_the_currency(tmp_path, header, currency):
    people = _load(_people_csv(tmp_path, header))
    assert people[S.COST_PER_HOUR].tolist() == [90.0, 80.5]
    assert people.attrs["detected"]["currency"] == currency
    assert people.attrs["detected"]["units"][S.COST_PER_HOUR] == f"{currency} (column '{header}')"


def test_a_plain_cost_header_gives_no_currency(tmp_path):
    people = _load(_people_csv(tmp_path, "cost_per_hour"))
    assert "currency" not in people.attrs["detected"]
    assert people.attrs["detected"]["units"][S.COST_PER_HOUR] == S.AMOUNT_UNIT


def test_two_currencies_in_one_people_table_are_a_schema_error(tmp_path):
    with pytest.raises(SchemaError, match=r"people.csv: the people table's costs name more than one currency "
                                          r"\('Cost per hour \(EUR\)': EUR; 'Rate \(\$/h\)': USD\)"):
        _load(_people_csv(tmp_path, "Cost per hour (EUR)", more=",Rate ($/h)"))


def test_a_second_rate_column_in_the_same_currency_is_said_as_not_read(tmp_path):
    people = _load(_people_csv(tmp_path, "Cost per hour (EUR)", more=",Hourly rate (€)"))
    assert people[S.COST_PER_HOUR].tolist() == [90.0, 80.5]
    assert people.attrs["detected"]["columns_not_read"] == \
        "'Hourly rate (€)' not read: cost_per_hour is read from 'Cost per hour (EUR)'"


@pytest.mark.parametrize(("cells", "costs", "currency"), [
    (("€95", "95 €"), [95.0, 95.0], "EUR"), (("$1,200.50", "$80"), [1200.5, 80.0], "USD"),
    (("95 EUR", "120"), [95.0, 120.0], "EUR"), (("CHF 120", "CHF 1'200.5"), [120.0, 1200.5], "CHF"),
    (("1.200,50 €", "95,5 €"), [1200.5, 95.5], "EUR")])
def test_cost_cells_with_a_currency_are_read_as_the_number_and_give_the_currency(tmp_path, cells, costs, currency):
    # '€95' was refused as not numeric (an amount); the sign is the currency the plain header does not name,
    # and the number is read with the column's marks as any amount is ('1.200,50 €' is 1200.5)
    people = _load(_people_csv(tmp_path, "cost_per_hour", cells=cells))
    assert people[S.COST_PER_HOUR].tolist() == costs
    signed = [c for c in cells if not c.replace(",", "").replace(".", "").isdigit()]
    lines = "lines 2, 3" if len(signed) == 2 else "line 2"
    where = f"cells of column 'cost_per_hour': {', '.join(map(repr, signed))} on {lines}"
    detected = people.attrs["detected"]
    assert (detected["currency"], detected["currency_from"]) == (currency, f"the people table's {where}")
    assert detected["units"][S.COST_PER_HOUR] == f"{currency} ({where})"


def test_cost_cells_in_the_headers_currency_are_read_as_the_header_says(tmp_path):
    people = _load(_people_csv(tmp_path, "Cost per hour (EUR)", cells=("€95", "80 EUR")))
    assert people[S.COST_PER_HOUR].tolist() == [95.0, 80.0]
    assert people.attrs["detected"]["units"][S.COST_PER_HOUR] == "EUR (column 'Cost per hour (EUR)')"
    assert "currency_from" not in people.attrs["detected"]


def test_a_cost_cell_in_another_currency_than_the_header_is_a_schema_error(tmp_path):
    with pytest.raises(SchemaError, match=re.escape(
            "people.csv: column 'Cost per hour (EUR)' is headed in EUR but has costs in USD ('$80' on line 3); the "
            "pack adds costs up, so write every cost in EUR (without a sign), or head the column with the cells' "
            "currency.")) as e:
        _load(_people_csv(tmp_path, "Cost per hour (EUR)", cells=("€95", "$80")))
    assert (e.value.column, list(e.value.rows)) == ("Cost per hour (EUR)", [3])


def test_two_currencies_in_the_cost_cells_are_a_schema_error(tmp_path):
    with pytest.raises(SchemaError, match=re.escape(
            "people.csv: column 'cost_per_hour' has costs in more than one currency (EUR: '95 EUR' on line 2; CHF: "
            "'CHF 120' on line 3); the pack adds costs up, so write every cost in one currency and head the column "
            "with it ('Cost per hour (EUR)').")) as e:
        _load(_people_csv(tmp_path, "cost_per_hour", cells=("95 EUR", "CHF 120")))
    assert list(e.value.rows) == [2, 3]


def test_the_pack_says_a_currency_taken_from_the_cost_cells(tmp_path):
    pack = _pack(tmp_path, "cost_per_hour", cells=("€90", "80.5 €"))
    assert _headers(pack, "Projects") == [f"Cost at completion, {q}% sure (EUR)" for q in (50, 80, 90)]
    assert _setting(pack, "cost: currency") == ("EUR: from the people table's cells of column 'cost_per_hour': "
                                                "'€90', '80.5 €' on lines 2, 3")


def _pack(tmp_path, cost_header, cells=("90", "80.5"), **options):
    import pmo_forecast as pf

    tasks = tmp_path / "tasks.csv"
    tasks.write_text("task_id,project_id,assignee,estimate_hours,actual_hours,created,started,finished,status\n"
                     + "".join(f"T{i},P1,{'Ana' if i % 2 else 'Bo'},8,{8 + i % 3},2024-01-{i % 28 + 1:02d},"
                               f"2024-01-{i % 28 + 1:02d},2024-02-{i % 28 + 1:02d},done\n" for i in range(40))
                     + "T50,P1,Ana,16,,2024-02-20,2024-02-20,,in_progress\nT51,P1,Bo,24,,2024-02-20,,,open\n",
                     encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pf.export_planning_pack(tmp_path / "out" / "pack.xlsx", tasks=tasks,
                                       people=_people_csv(tmp_path, cost_header, cells=cells), n_trials=200, progress=False,
                                       **options)


def _headers(pack, sheet):
    """Every text cell of a sheet that starts a money header or headline row (openpyxl, as Excel shows them)."""
    import openpyxl

    ws = openpyxl.load_workbook(pack.path)[sheet]
    return [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)
            and c.value.startswith("Cost at completion")]


def _setting(pack, name):
    import pandas as pd

    # the Assumptions sheet's two tables: what the loaders found, and the committee's settings
    rows = pd.concat([pd.read_csv(f) for f in pack.files if f.name in ("pack-settings.csv",
                                                                       "pack-committee-settings.csv")])
    return rows.set_index("setting").loc[name, "value"]


def test_a_euro_header_puts_eur_beside_every_cost_in_the_pack(tmp_path):
    pack = _pack(tmp_path, "Cost per hour (€)")
    assert _headers(pack, "Projects") == [f"Cost at completion, {q}% sure (EUR)" for q in (50, 80, 90)]
    assert _headers(pack, "Summary") == [f"Cost at completion, {q}% sure, all open projects (EUR)"
                                         for q in (50, 80, 90)]
    assert _setting(pack, "cost: currency") == "EUR: from the people table's header 'Cost per hour (€)'"
    html = (pack.path.parent / "summary.html").read_text(encoding="utf-8")
    assert "Cost at completion, 80% sure, all open projects (EUR)" in html  # the one-page summary too
    assert "Costs are in" not in html  # beside each row already
    assert _setting(pack, "people: cost per hour unit") == "EUR (column 'Cost per hour (€)')"


def test_no_currency_says_the_people_tables_currency_and_how_to_give_it(tmp_path):
    pack = _pack(tmp_path, "cost_per_hour")
    assert _headers(pack, "Projects") == [f"Cost at completion, {q}% sure (people table's currency)"
                                          for q in (50, 80, 90)]
    # the Summary's rows without the long words (they wrapped the one-page summary past A4), said once in its note
    assert _headers(pack, "Summary") == [f"Cost at completion, {q}% sure, all open projects" for q in (50, 80, 90)]
    import openpyxl

    said = [c.value for row in openpyxl.load_workbook(pack.path)["Summary"].iter_rows() for c in row
            if isinstance(c.value, str) and "Costs are in" in c.value]
    assert len(said) == 1 and said[0].endswith(" Costs are in the people table's currency, unnamed (Assumptions: "
                                               "'cost: currency').")
    # and the one-page summary, in its small print (it had no word of the costs' currency)
    html = (pack.path.parent / "summary.html").read_text(encoding="utf-8")
    footer = html[html.index("<footer>"):html.index("</footer>")]
    assert (" Costs are in the people table&#x27;s currency, unnamed (Assumptions: &#x27;cost: currency&#x27;). "
            "200 trials") in footer
    assert _setting(pack, "cost: currency") == (
        "not given: money figures are in the people table's cost_per_hour currency, unnamed. Head the column "
        "with it ('Cost per hour (EUR)', 'Rate €/h') or give currency='EUR' (command line: --currency EUR)")


def test_the_currency_option_wins_over_the_header_and_says_so(tmp_path):
    pack = _pack(tmp_path, "Cost per hour (€)", currency="chf")
    assert _headers(pack, "Projects") == [f"Cost at completion, {q}% sure (CHF)" for q in (50, 80, 90)]
    assert _setting(pack, "cost: currency") == ("CHF: given (currency option, --currency); the people table's "
                                                "header 'Cost per hour (€)' says EUR, not used")


def test_a_blank_currency_option_is_refused_before_any_work(tmp_path):
    with pytest.raises(ValueError, match=r"currency must be the costs' currency as text \('EUR', '€'\), got ' '"):
        _pack(tmp_path, "cost_per_hour", currency=" ")
