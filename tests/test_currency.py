"""The people table's currency: read from the cost column's header (``Cost per hour (€)``), or given to the
pack (``currency=``), and shown beside every money figure of the pack; unknown, the pack says how to give it."""

import warnings

import pytest

from pmo_forecast.core import schema as S
from pmo_forecast.core.exceptions import SchemaError
from pmo_forecast.inputs.companions import load_people


def _people_csv(tmp_path, header, more=""):
    path = tmp_path / "people.csv"
    path.write_text(f"person,role,hours_per_week,{header}{more}\n"
                    "Ana,dev,40,90" + (",95" if more else "") + "\nBo,pm,40,80.5" + (",85" if more else "") + "\n",
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
