"""The people table's currency: read from the cost column's header (``Cost per hour (€)``), or given to the
pack (``currency=``), and shown beside every money figure of the pack; unknown, the pack says how to give it."""

import functools
import re
import warnings

import pytest
from helpers import pack_settings, small_history_pack

from pmo_forecast.core import schema as S
from pmo_forecast.core.exceptions import DataQualityWarning, SchemaError
from pmo_forecast.inputs.companions import load_people, load_projects
from pmo_forecast.inputs.currency import CURRENCIES


def _people_csv(tmp_path, header, more="", cells=("90", "80.5")):
    path = tmp_path / "people.csv"
    ana, bo = (f'"{c}"' for c in cells)
    path.write_text(f"person,role,hours_per_week,{header}{more}\n"
                    f"Ana,dev,40,{ana}" + (",95" if more else "") + f"\nBo,pm,40,{bo}" + (",85" if more else "") + "\n",
                    encoding="utf-8")
    return path


def _projects_csv(tmp_path, text):
    path = tmp_path / "projects.csv"
    path.write_text(text, encoding="utf-8")
    return path


def _load(path, loader=load_people):
    """``loader(path)``, checking that it warns of the columns it does not read and of nothing else.

    A column not read is said twice, in a warning (``{path}: {note}``) and in ``attrs["detected"]["columns_not_read"]``
    (the notes joined by "; "): the tests assert the second, word for word, so here the warnings are held to it.
    """
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        table = loader(path)
    assert all(w.category is DataQualityWarning for w in said), [str(w.message) for w in said]
    assert "; ".join(str(w.message).removeprefix(f"{path}: ") for w in said) == table.attrs.get(
        "detected", {}).get("columns_not_read", "")
    return table


def _headed(header):
    """The cost column as the people table's messages quote it: its header, and the column it is read as."""
    return "'cost_per_hour'" if header == S.COST_PER_HOUR else f"'{header}' (read as cost_per_hour)"


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
        "'Hourly rate (€)' not read: the cost of an hour is read from 'Cost per hour (EUR)' (read as cost_per_hour)"


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


@pytest.mark.parametrize(("cells", "costs"), [(("€1\u2009200", "1\u2009200 €"), [1200.0, 1200.0]),
                                              (("€1\u2009200.50", "1\u2009200"), [1200.5, 1200.0])])
def test_cost_cells_grouped_with_a_thin_space_are_read(tmp_path, cells, costs):
    # a thin space (U+2009) between the thousands was refused as not an amount
    people = _load(_people_csv(tmp_path, "cost_per_hour", cells=cells))
    assert people[S.COST_PER_HOUR].tolist() == costs
    assert people.attrs["detected"]["currency"] == "EUR"


@pytest.mark.parametrize(("cells", "currency"), [(("€95 EUR", "€80.5 EUR"), "EUR"), (("$95 USD", "80.5"), "USD"),
                                                 (("kr 95 SEK", "80.5 SEK"), "SEK"), (("¥95 CNY", "¥80.5"), "CNY")])
def test_cost_cells_naming_their_currency_before_and_after_are_read(tmp_path, cells, currency):
    # '€95 EUR' was refused as not an amount
    people = _load(_people_csv(tmp_path, "cost_per_hour", cells=cells))
    assert people[S.COST_PER_HOUR].tolist() == [95.0, 80.5]
    assert people.attrs["detected"]["currency"] == currency


@pytest.mark.parametrize(("cell", "said", "ways"), [
    ("€95 USD", "'€95 USD' on line 3: € is not USD's sign", "in USD: '95 USD' or '$95'; in EUR: '95 EUR' or '€95'"),
    ("EUR 95 USD", "'EUR 95 USD' on line 3", "in USD: '95 USD' or '$95'; in EUR: '95 EUR' or '€95'"),
    # it suggested '95 EUR' or '€95' whatever the cell's currencies
    ("₹95 USD", "'₹95 USD' on line 3: ₹ is not USD's sign", "in USD: '95 USD' or '$95'; in INR: '95 INR' or '₹95'"),
    ("₩95 SEK", "'₩95 SEK' on line 3: ₩ is not SEK's sign", "in SEK: '95 SEK'; in KRW: '95 KRW' or '₩95'")])
def test_a_cost_cell_naming_two_currencies_is_a_schema_error(tmp_path, cell, said, ways):
    with pytest.raises(SchemaError, match=re.escape(
            f"people.csv: column 'cost_per_hour' has costs naming two currencies each ({said}); "
            f"write each cost in one currency, once ({ways}).")) as e:
        _load(_people_csv(tmp_path, "cost_per_hour", cells=("95 EUR", cell)))
    assert (e.value.column, list(e.value.rows)) == ("cost_per_hour", [3])


@pytest.mark.parametrize("header", ["cost_per_hour", "Rate (XBT/h)", "Rate (₿)"])
@pytest.mark.parametrize("cell", ["₿95 USD", "USD 95 ₿", "$95 XBT"])
def test_a_cost_cell_whose_sign_and_code_disagree_says_so_when_the_tool_reads_only_one(tmp_path, header, cell):
    # '₿95 USD' was "a currency the tool does not read (₿...)" (under 'Rate (₿)' two currencies, without saying
    # why): ₿ is not USD's sign, whatever ₿ stands for
    sign, code = ("$", "XBT") if cell.startswith("$") else ("₿", "USD")
    # the header's own currency beside another is the header's disagreement, as '₩95' under 'Rate (INR/h)' is
    head = {"Rate (XBT/h)": "XBT", "Rate (₿)": "₿"}.get(header)
    said = f"is headed in {head} but has costs in USD" if head in (sign, code) else "has costs naming two currencies each"
    with pytest.raises(SchemaError, match=re.escape(
            f"people.csv: column {_headed(header)} {said} ('{cell}' on line 2: {sign} is not {code}'s sign)")) as e:
        _load(_people_csv(tmp_path, header, cells=(cell, "80")))
    assert (e.value.column, list(e.value.rows)) == (header, [2])


def test_a_cost_cell_that_is_not_an_amount_says_currencies_are_read(tmp_path):
    # it said "plain numbers like 95 or 95.5, without a currency sign", though '€95' is read
    with pytest.raises(SchemaError, match=re.escape(
            "column 'cost_per_hour' must be numeric (an amount) but has 'about 95' on line 2. Fix those cells (a "
            "number, optionally with a currency such as €95 or 95 EUR/h) or map another column to 'cost_per_hour'.")):
        _load(_people_csv(tmp_path, "cost_per_hour", cells=("about 95", "80")))


@pytest.mark.parametrize(("cells", "said", "code"), [(("₿95", "80 ₿"), "₿: '₿95', '80 ₿' on lines 2, 3", "INR"),
                                                     (("95 MNT/h", "₮80"), "MNT, ₮: '95 MNT/h', '₮80' on lines 2, 3",
                                                      "MNT"),
                                                     # the cells' code, not INR, where a cell writes one
                                                     (("₿95", "₿80 XBT"), "₿: '₿95', '₿80 XBT' on lines 2, 3", "XBT"),
                                                     (("₮95 MNT", "₮80"), "₮: '₮95 MNT', '₮80' on lines 2, 3", "MNT")])
def test_a_currency_the_tool_does_not_read_is_said_with_how_to_give_it(tmp_path, cells, said, code):
    # '₿95' was "must be numeric ... without a currency sign": the sign is not one the tool reads
    with pytest.raises(SchemaError, match=re.escape(
            f"people.csv: column 'cost_per_hour' has costs in a currency the tool does not read ({said}); write each "
            f"cost as a number alone (95) and give the currency's ISO code to the pack (e.g. currency='{code}'; "
            f"command line: --currency {code}), or write the costs in one the tool reads, in the header or the "
            f"cells ({', '.join(sorted(set(CURRENCIES.values())))}; 'Cost per hour (EUR)', '€95').")) as e:
        _load(_people_csv(tmp_path, "cost_per_hour", cells=cells))
    assert (e.value.column, list(e.value.rows)) == ("cost_per_hour", [2, 3])


@pytest.mark.parametrize(("header", "cells", "said", "head", "written", "headed"), [
    ("Rate (KRW/h)", ("₿95", "80"), "₿ ('₿95' on line 2)", "KRW", "'95 KRW' or '₩95'", ""),
    ("Rate (€/h)", ("₿95", "₮80"), "₿, ₮ ('₿95', '₮80' on lines 2, 3)", "EUR", "'95 EUR' or '€95'", ""),
    ("Rate (kr/h)", ("95 XBT", "80"), "XBT ('95 XBT' on line 2)", "kr", "'95 kr'", " ('Rate (XBT/h)')")])
def test_a_currency_the_tool_does_not_read_under_a_header_naming_one_it_reads_says_the_headers(
        tmp_path, header, cells, said, head, written, headed):
    # it said "e.g. currency='INR'" under 'Rate (KRW/h)', and nothing of KRW
    signs = said.partition(" (")[0]
    currency = "currencies" if "," in signs else "a currency"
    with pytest.raises(SchemaError, match=re.escape(
            f"people.csv: column {_headed(header)} is headed in {head} but has costs in {said}: not {head}, and not "
            f"{currency} the tool reads; the pack adds costs up, so write every cost in {head} ({written}, or 95 "
            f"alone), or head the column with the ISO code of the cells' currency{headed}.")) as e:
        _load(_people_csv(tmp_path, header, cells=cells))
    assert e.value.column == header


def test_cost_cells_in_the_headers_currency_are_read_as_the_header_says(tmp_path):
    people = _load(_people_csv(tmp_path, "Cost per hour (EUR)", cells=("€95", "80 EUR")))
    assert people[S.COST_PER_HOUR].tolist() == [95.0, 80.0]
    assert people.attrs["detected"]["units"][S.COST_PER_HOUR] == "EUR (column 'Cost per hour (EUR)')"
    assert "currency_from" not in people.attrs["detected"]


def test_a_cost_cell_in_another_currency_than_the_header_is_a_schema_error(tmp_path):
    with pytest.raises(SchemaError, match=re.escape(
            "people.csv: column 'Cost per hour (EUR)' (read as cost_per_hour) is headed in EUR but has costs in USD ('$80' on line 3); the "
            "pack adds costs up, so write every cost in EUR (without a sign), or head the column with the cells' "
            "currency.")) as e:
        _load(_people_csv(tmp_path, "Cost per hour (EUR)", cells=("€95", "$80")))
    assert (e.value.column, list(e.value.rows)) == ("Cost per hour (EUR)", [3])


@pytest.mark.parametrize("cells", [("₹95 NPR", "₹80"), ("₹95 NPR", "80")])
def test_a_cost_cell_naming_the_headers_currency_and_another_says_the_header_disagreement(tmp_path, cells):
    # it was "naming two currencies each", though ₹ is the header's INR: said as '₩95' under 'Rate (INR/h)' is
    with pytest.raises(SchemaError, match=re.escape(
            "people.csv: column 'Rate (INR/h)' (read as cost_per_hour) is headed in INR but has costs in NPR ('₹95 NPR' on line 2: "
            "₹ is not "
            "NPR's sign); the pack adds costs up, so write every cost in INR (without a sign), or head the column "
            "with the cells' currency.")) as e:
        _load(_people_csv(tmp_path, "Rate (INR/h)", cells=cells))
    assert (e.value.column, list(e.value.rows)) == ("Rate (INR/h)", [2])


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


def _pack(tmp_path, cost_header, cells=("90", "80.5"), *, refused=False, **options):
    """The small pack of two people paid by ``cost_header``; ``refused``: the options are refused before any work,
    so nothing is said first."""
    import pmo_forecast as pf

    tasks = tmp_path / "tasks.csv"
    tasks.write_text("task_id,project_id,assignee,estimate_hours,actual_hours,created,started,finished,status\n"
                     + "".join(f"T{i},P1,{'Ana' if i % 2 else 'Bo'},8,{8 + i % 3},2024-01-{i % 28 + 1:02d},"
                               f"2024-01-{i % 28 + 1:02d},2024-02-{i % 28 + 1:02d},done\n" for i in range(40))
                     + "T50,P1,Ana,16,,2024-02-20,2024-02-20,,in_progress\nT51,P1,Bo,24,,2024-02-20,,,open\n",
                     encoding="utf-8")
    run = functools.partial(pf.export_planning_pack, tmp_path / "out" / "pack.xlsx", tasks=tasks,
                            people=_people_csv(tmp_path, cost_header, cells=cells), n_trials=200, progress=False,
                            **options)
    if refused:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            return run()
    # what this small pack says of its inputs, whatever the currency: 200 trials (to be quick), 40 finished tasks in
    # one project, not completed (too few to recalibrate or learn scope growth or slip from), people without hours a
    # week
    with small_history_pack(finished=40, completed=0, cuts="0 backdated project-cuts, 0 of them finished"), \
            pytest.warns(DataQualityWarning, match=r"^people without hours_per_week or availability get 40 h and "
                                                   r"100%: fill them in for realistic dates$"):
        return run()


def _headers(pack, sheet):
    """Every text cell of a sheet that starts a money header or headline row (openpyxl, as Excel shows them)."""
    import openpyxl

    ws = openpyxl.load_workbook(pack.path)[sheet]
    return [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)
            and c.value.startswith("Cost at completion")]


def _setting(pack, name):
    # the Assumptions sheet's two tables: what the loaders found, and the committee's settings
    return pack_settings(pack, committee=True)[name]


def test_a_euro_header_puts_eur_beside_every_cost_in_the_pack(tmp_path):
    pack = _pack(tmp_path, "Cost per hour (€)")
    assert _headers(pack, "Projects") == [f"Cost at completion, {q}% sure (EUR)" for q in (50, 80, 90)]
    assert _headers(pack, "Summary") == [f"Cost at completion, {q}% sure, all open projects (EUR)"
                                         for q in (50, 80, 90)]
    assert _setting(pack, "cost: currency") == "EUR: from the people table's header 'Cost per hour (€)' (read as cost_per_hour)"
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
        "not given: money figures are in the currency of the people table's cost per hour, unnamed. Head the "
        "column with it ('Cost per hour (EUR)', 'Rate €/h') or give currency='EUR' (command line: --currency EUR)")


def test_the_currency_option_wins_over_the_header_and_says_so(tmp_path):
    pack = _pack(tmp_path, "Cost per hour (€)", currency="chf")
    assert _headers(pack, "Projects") == [f"Cost at completion, {q}% sure (CHF)" for q in (50, 80, 90)]
    assert _setting(pack, "cost: currency") == ("CHF: given (currency option, --currency); the people table's "
                                                "header 'Cost per hour (€)' (read as cost_per_hour) says EUR, not "
                                                "used")


def test_a_blank_currency_option_is_refused_before_any_work(tmp_path):
    with pytest.raises(ValueError, match=r"currency must be the costs' currency as text \('EUR', '€'\), got ' '"):
        _pack(tmp_path, "cost_per_hour", currency=" ", refused=True)


@pytest.mark.parametrize(("given", "got"), [(3, "the number 3"), (2.5, "the number 2.5"), (None, "nothing"),
                                             (["EUR"], "a list ('EUR')"), ({"EUR": 1}, "a mapping ('EUR': 1)")])
def test_a_currency_option_that_is_not_text_is_refused_in_words(given, got):
    from pmo_forecast.reporting.committee_options import committee_options, currency_option

    # it had been Python's: "got None", "got ['EUR']", "got {'EUR': 1}"
    said = f"currency must be the costs' currency as text ('EUR', '€'), got {got}"
    with pytest.raises(ValueError) as raised:
        currency_option(given)
    assert str(raised.value) == said
    if given is not None:  # None is the option not given: the pack finds the currency itself
        with pytest.raises(ValueError) as raised:
            committee_options(currency=given)
        assert str(raised.value) == said


@pytest.mark.parametrize(("given", "code", "read"), [
    ("eur", "EUR", None), ("XBT", "XBT", None), ("€", "EUR", "€ read as EUR"), ("a$", "AUD", "a$ read as AUD"),
    ("¥", "JPY", "¥ read as JPY (also CNY's sign: give CNY if the costs are in CNY)")])
def test_the_currency_option_is_read_as_cost_cells_are(given, code, read):
    from pmo_forecast.reporting.committee_options import committee_options

    # '¥' and 'a$' had been taken silently, an ISO code the loader has no sign for (XBT) is taken as given
    opts = committee_options(currency=given)
    assert (opts["currency"], opts["currency_read"]) == (code, read)


@pytest.mark.parametrize(("given", "said"), [
    ("kr", "currency must name one currency, got 'kr', the sign of SEK, NOK, DKK and ISK; give its code, e.g. SEK"),
    ("rs", "currency must name one currency, got 'rs', the sign of INR, PKR, LKR and NPR; give its code, e.g. INR"),
    ("rupees", "currency must name a currency the pack reads, got 'rupees'; give an ISO 4217 code in capitals (AED, ARS, "
               "AUD, BDT, BGN, BRL, CAD, CHF, CLP, CNY, COP, CRC, CZK, DKK, EGP, EUR, GBP, GEL, GHS, HKD, HUF, IDR, "
               "ILS, INR, ISK, JPY, KES, KRW, KWD, KZT, LKR, MAD, MXN, MYR, NGN, NOK, NPR, NZD, PEN, PHP, PKR, PLN, "
               "QAR, RON, RSD, RUB, SAR, SEK, SGD, THB, TRY, TWD, UAH, USD, VND, ZAR, or another such as MNT), or a "
               "sign or word it reads, in any case (euro, euros, €, $, £, ¥, US$, A$, C$, NZ$, HK$, S$, R$, zł, kč, "
               "ft, ₺, ₽, ₴, ₾, ₹, ৳, ₩, NT$, cn¥, rmb, ₱, ₫, ฿, rm, rp, ₸, ₪, ₦, ₵, MX$, ₡)"),
    ("xbt", "currency must name a currency the pack reads, got 'xbt'; give an ISO 4217 code in capitals")])
def test_a_shared_sign_or_unknown_currency_option_is_refused_before_any_work(tmp_path, given, said):
    # 'kr' had put an ambiguous '(kr)' beside every figure, any text had been shown as given
    with pytest.raises(ValueError, match=re.escape(said)):
        _pack(tmp_path, "cost_per_hour", currency=given, refused=True)
    assert not (tmp_path / "out").exists()


def test_a_sign_given_as_the_currency_option_is_said_as_read(tmp_path):
    pack = _pack(tmp_path, "cost_per_hour", currency="¥")
    assert _headers(pack, "Projects") == [f"Cost at completion, {q}% sure (JPY)" for q in (50, 80, 90)]
    # the row names the option: the code to give said once, not as the keyword's currency='CNY'
    assert _setting(pack, "cost: currency") == ("JPY: given (currency option, --currency); ¥ read as JPY (also CNY's "
                                                "sign: give CNY if the costs are in CNY)")


@pytest.mark.parametrize(("cells", "currency"), [(("95 €/h", "80.5 €/h"), "EUR"), (("$95/hr", "$80.5/hr"), "USD"),
                                                 (("95 EUR per hour", "80.5 EUR per hour"), "EUR")])
def test_cost_cells_with_a_per_hour_suffix_are_read_as_the_rate(tmp_path, cells, currency):
    # '95 €/h' was refused as not numeric; the suffix says what cost_per_hour is
    people = _load(_people_csv(tmp_path, "cost_per_hour", cells=cells))
    assert people[S.COST_PER_HOUR].tolist() == [95.0, 80.5]
    assert people.attrs["detected"]["currency"] == currency


@pytest.mark.parametrize("cells", [("800 €/day", "700 €/day"), ("800 €/d", "700"), ("800 EUR per day", "700")])
def test_cost_cells_per_day_are_a_schema_error_asking_for_hourly_rates(tmp_path, cells):
    with pytest.raises(SchemaError, match=r"people.csv: column 'cost_per_hour' has rates per day \('800 .*' on "
                                          r"line[s]? 2.*\); the tool wants hourly rates") as e:
        _load(_people_csv(tmp_path, "cost_per_hour", cells=cells))
    assert (e.value.column, list(e.value.rows)[0]) == ("cost_per_hour", 2)


@pytest.mark.parametrize("header", ["Rate (€/day)", "Day rate (€)", "Daily rate (EUR)"])
def test_a_per_day_rate_header_is_a_schema_error_asking_for_hourly_rates(tmp_path, header):
    # it had been kept as an extra column, unsaid, and every cost was blank
    with pytest.raises(SchemaError, match=re.escape(f"people.csv: column '{header}' holds rates per day; the tool "
                                                    "wants hourly rates")) as e:
        _load(_people_csv(tmp_path, header))
    assert e.value.column == header


def test_a_per_day_rate_beside_the_hourly_one_is_said_as_not_read(tmp_path):
    people = _load(_people_csv(tmp_path, "Cost per hour (EUR)", more=",Day rate (€)"))
    assert people[S.COST_PER_HOUR].tolist() == [90.0, 80.5]
    assert people.attrs["detected"]["columns_not_read"] == (
        "'Day rate (€)' not read: rates per day; the cost of an hour is read from 'Cost per hour (EUR)' (read as "
        "cost_per_hour)")


@pytest.mark.parametrize(("written", "currency"), [
    ("US$", "USD"), ("A$", "AUD"), ("C$", "CAD"), ("NZ$", "NZD"), ("HK$", "HKD"), ("S$", "SGD"), ("R$", "BRL"),
    ("SEK", "SEK"), ("NOK", "NOK"), ("DKK", "DKK"), ("ISK", "ISK"), ("PLN", "PLN"), ("zł", "PLN"), ("CZK", "CZK"),
    ("Kč", "CZK"), ("HUF", "HUF"), ("Ft", "HUF"), ("JPY", "JPY"), ("CNY", "CNY")])
def test_more_currencies_are_read_in_cells_and_headers(tmp_path, written, currency):
    # 'A$95' was refused as not numeric, and 'Rate (A$/h)' read as USD ('$'), or as no rate at all ('Rate (SEK)')
    cells = (f"{written}95", f"{written}80.5") if written.endswith("$") else (f"95 {written}", f"80.5 {written}")
    people = _load(_people_csv(tmp_path, "cost_per_hour", cells=cells))
    assert people[S.COST_PER_HOUR].tolist() == [95.0, 80.5]
    assert people.attrs["detected"]["currency"] == currency
    header = f"Rate ({written}/h)"
    people = _load(_people_csv(tmp_path, header))
    assert people[S.COST_PER_HOUR].tolist() == [90.0, 80.5]
    assert people.attrs["detected"]["units"][S.COST_PER_HOUR] == f"{currency} (column '{header}')"


@pytest.mark.parametrize(("header", "cells", "shown", "rows"), [
    ("cost_per_hour", ("-95", "80"), "-95 on line 2", [2]), ("Rate (€)", ("-95", "-80"), "-95, -80 on lines 2, 3", [2, 3]),
    ("cost_per_hour", ("€-95", "80"), "-95 on line 2", [2])])
def test_a_negative_cost_is_a_schema_error_at_load(tmp_path, header, cells, shown, rows):
    # it was read, and took money off every cost at completion; only validate_people said so
    costs = "a negative cost" if len(rows) == 1 else "negative costs"
    with pytest.raises(SchemaError, match=re.escape(f"people.csv: column {_headed(header)} has {costs} ({shown}); an hour "
                                                    "of work costs 0 or more")) as e:
        _load(_people_csv(tmp_path, header, cells=cells))
    assert (e.value.column, list(e.value.rows)) == (header, rows)


def test_negative_costs_are_refused_where_the_other_cost_cells_are_read():
    # the one cost-cell check left in companions.py, beside the people loader, when the rest moved to currency.py
    import pandas as pd

    from pmo_forecast.inputs.currency import negative_costs_or_raise

    people = pd.DataFrame({S.PERSON: ["Ann", "Bo"], S.COST_PER_HOUR: [95.0, -80.0]})
    people.attrs["_source_line"] = [2, 3]  # as a loader keeps them
    with pytest.raises(SchemaError, match=re.escape("people.csv: column 'Rate (€)' (read as cost_per_hour) has a negative cost (-80 on line "
                                                    "3); an hour of work costs 0 or more: fix that cell.")):
        negative_costs_or_raise(people, {"_headers": {S.COST_PER_HOUR: "Rate (€)"}}, "people.csv")
    negative_costs_or_raise(people.iloc[:1], {}, "people.csv")  # none negative: nothing said


@pytest.mark.parametrize(("header", "cells"), [("cost_per_hour", ("950 kr", "800 kr")), ("Rate (kr)", ("950", "800"))])
def test_kr_alone_is_not_guessed_and_the_pack_says_so(tmp_path, header, cells):
    # kr is the krona's and the krone's sign: '950 kr' was refused, 'Rate (kr)' not read as a rate at all
    people = _load(_people_csv(tmp_path, header, cells=cells))
    assert people[S.COST_PER_HOUR].tolist() == [950.0, 800.0]
    assert "currency" not in people.attrs["detected"]
    assert people.attrs["detected"]["units"][S.COST_PER_HOUR].endswith(
        "; kr, the sign of SEK, NOK, DKK and ISK, not guessed)")
    pack = _pack(tmp_path, header, cells=cells)
    assert _headers(pack, "Projects") == [f"Cost at completion, {q}% sure (people table's currency)"
                                          for q in (50, 80, 90)]
    where = "header 'Rate (kr)'" if header != "cost_per_hour" else \
        "cells of column 'cost_per_hour': '950 kr', '800 kr' on lines 2, 3"
    assert _setting(pack, "cost: currency") == (
        "not given: money figures are in the currency of the people table's cost per hour, unnamed: kr, the sign "
        f"of SEK, NOK, DKK and ISK, not guessed (the people table's {where}). Head the column with its code "
        "('Rate (SEK)') or give currency='SEK' (command line: --currency SEK)")


@pytest.mark.parametrize(("header", "cells", "currency"), [("Rate (SEK)", ("950 kr", "800 kr"), "SEK"),
                                                           ("Rate (kr)", ("950 NOK", "800"), "NOK"),
                                                           ("cost_per_hour", ("950 kr", "800 DKK"), "DKK"),
                                                           ("Rate (CNY)", ("¥950", "¥800"), "CNY")])
def test_a_shared_sign_is_read_as_the_currency_named_beside_it(tmp_path, header, cells, currency):
    people = _load(_people_csv(tmp_path, header, cells=cells))
    assert people[S.COST_PER_HOUR].tolist() == [950.0, 800.0]
    assert people.attrs["detected"]["currency"] == currency
    assert "read as" not in people.attrs["detected"]["units"][S.COST_PER_HOUR]


@pytest.mark.parametrize(("header", "cells", "said"), [
    ("Rate (EUR)", ("950 kr", "800"), "is headed in EUR but has costs in kr ('950 kr' on line 2)"),
    ("cost_per_hour", ("950 kr", "800 €"), "has costs in more than one currency (kr: '950 kr' on line 2; EUR: "
                                           "'800 €' on line 3)"),
    ("Rate (SEK)", ("950 NOK", "800 kr"), "is headed in SEK but has costs in NOK ('950 NOK' on line 2)")])
def test_a_shared_sign_beside_another_currency_is_a_schema_error(tmp_path, header, cells, said):
    with pytest.raises(SchemaError, match=re.escape(f"people.csv: column {_headed(header)} {said}")):
        _load(_people_csv(tmp_path, header, cells=cells))


@pytest.mark.parametrize(("header", "cells", "source"), [
    ("cost_per_hour", ("¥9000", "¥8000"), "cells of column 'cost_per_hour': '¥9000', '¥8000' on lines 2, 3"),
    ("Rate (¥)", ("9000", "8000"), "header 'Rate (¥)'")])
def test_yen_sign_is_read_as_jpy_and_the_pack_says_so(tmp_path, header, cells, source):
    # the note said the sign twice, "¥ read as JPY (¥ is CNY's sign too: ...)": once, as the currency option's does
    read = "¥ read as JPY (also CNY's sign: head the column 'Rate (CNY)' if the costs are in CNY)"
    people = _load(_people_csv(tmp_path, header, cells=cells))
    assert people.attrs["detected"]["currency"] == "JPY"
    where = source.replace("header ", "column ") if header.startswith("Rate") else source
    assert people.attrs["detected"]["units"][S.COST_PER_HOUR] == f"JPY ({where}; {read})"
    pack = _pack(tmp_path, header, cells=cells)
    assert _setting(pack, "cost: currency") == f"JPY: from the people table's {source}; {read}"


def test_the_currency_option_over_the_cells_names_the_cells_not_a_header(tmp_path):
    # it said "the people table's header 'None' says EUR": the column was headed cost_per_hour, the cells said €
    pack = _pack(tmp_path, "cost_per_hour", cells=("€90", "80.5 €"), currency="CHF")
    assert _setting(pack, "cost: currency") == ("CHF: given (currency option, --currency); EUR from the people "
                                                "table's cells of column 'cost_per_hour': '€90', '80.5 €' on lines "
                                                "2, 3, not used")


@pytest.mark.parametrize("header", ["Budget (SEK)", "Budget (zł)", "Budget (Kč)", "Budget (JPY)", "Budget (kr)",
                                    "Budget HUF", "Budget (XBT)", "Budget XBT", "BUDGET (XBT)", "Budget (₿)"])
def test_a_budget_in_another_currency_is_said_as_money_not_read(tmp_path, header):
    # kept beside the projects unsaid, as an extra column: only the euro, dollar, pound and franc were money; then
    # a code or sign the tool has no sign or code for (XBT, ₿) still was
    projects = _load(_projects_csv(tmp_path, f"project_id,{header}\nP1,1000\nP2,2000\n"), load_projects)
    assert projects.attrs["detected"]["columns_not_read"].startswith(f"'{header}' not read: money, while "
                                                                     "budget_hours is budgeted effort")


@pytest.mark.parametrize("header", ["Budget (FTE)", "Budget (HRS)", "Budget ID", "Budget (PM)", "Budget YTD",
                                    "Budget (MDS)", "Budget (PDS)", "Budget (PTS)"])
def test_a_budget_headed_with_capitals_that_are_no_currency_is_not_said_as_money(tmp_path, header):
    path = _projects_csv(tmp_path, f"project_id,budget_hours,{header}\nP1,10,1000\nP2,20,2000\n")
    projects = _load(path, load_projects)
    assert "money" not in projects.attrs["detected"].get("columns_not_read", "")


def test_capitals_that_are_no_currency_do_not_name_the_costs_currency(tmp_path):
    # 'Rate (FTE)' was read as costs in a currency called FTE
    path = tmp_path / "people.csv"
    path.write_text("person,hours_per_week,Rate (FTE)\nAnn,40,1\nBob,20,0.5\n", encoding="utf-8")
    with pytest.warns(DataQualityWarning, match=re.escape(
            f"{path}: 'Rate (FTE)' not read: hours_per_week is read from hours or days a week ('Hours per week', "
            "'Capacity (days)': days x 8 h), hours a day ('Hours per day': x 5 days) or FTE ('FTE', 'FTE (%)'), "
            "availability from a share of the week ('Availability (%)'); hours_per_week is read from "
            "'hours_per_week'")):
        people = load_people(path)
    assert people[S.COST_PER_HOUR].isna().all() and people["Rate (FTE)"].tolist() == [1, 0.5]
    assert "currency" not in people.attrs["detected"]


@pytest.mark.parametrize(("cells", "header", "currency"), [
    (("950 kr/time", "800 kr/time"), "Rate (NOK/time)", "NOK"),
    (("950 zł/godz.", "800 zł/godz."), "Stawka (zł/godz.)", "PLN"),
    (("950 Kč/hod", "800 Kč/hod"), "Sazba (Kč/hod)", "CZK"),
    (("950 Ft/óra", "800 Ft/óra"), "Díj (Ft/óra)", "HUF")])
def test_an_hour_in_another_language_is_read_as_per_hour(tmp_path, cells, header, currency):
    # '950 zł/godz.' was refused as not numeric, and 'Stawka (zł/godz.)' kept unsaid beside a blank cost
    people = _load(_people_csv(tmp_path, "cost_per_hour", cells=cells))
    assert people[S.COST_PER_HOUR].tolist() == [950.0, 800.0]
    assert people.attrs["detected"].get("currency") == (None if "kr" in cells[0] else currency)
    people = _load(_people_csv(tmp_path, header, cells=("950", "800")))
    assert people[S.COST_PER_HOUR].tolist() == [950.0, 800.0]
    assert people.attrs["detected"]["units"][S.COST_PER_HOUR] == f"{currency} (column '{header}')"


@pytest.mark.parametrize(("cells", "header"), [(("950 kr/dag", "800"), "Rate (SEK/dag)"),
                                               (("950 zł/dzień", "800"), "Stawka (zł/dzień)")])
def test_a_day_in_another_language_is_a_schema_error_asking_for_hourly_rates(tmp_path, cells, header):
    with pytest.raises(SchemaError, match="has rates per day .*the tool wants hourly rates"):
        _load(_people_csv(tmp_path, "cost_per_hour", cells=cells))
    with pytest.raises(SchemaError, match=re.escape(f"column '{header}' holds rates per day; the tool wants hourly")):
        _load(_people_csv(tmp_path, header))


@pytest.mark.parametrize(("header", "currency"), [("Cost per hour (XBT)", "XBT"), ("Rate (XBT/h)", "XBT"),
                                                   ("Hourly rate (MNT)", "MNT"), ("COST PER HOUR (ZAR)", "ZAR")])
def test_a_rate_header_with_a_code_the_tool_has_no_sign_for_is_read_in_that_currency(tmp_path, header, currency):
    # 'Cost per hour (XBT)' was not read as cost_per_hour, and nothing said so: every cost in the pack was missing
    people = _load(_people_csv(tmp_path, header))
    assert people[S.COST_PER_HOUR].tolist() == [90.0, 80.5]
    assert people.attrs["detected"]["currency"] == currency
    assert people.attrs["detected"]["units"][S.COST_PER_HOUR] == f"{currency} (column '{header}')"


def test_the_pack_says_a_header_code_the_tool_has_no_sign_for(tmp_path):
    pack = _pack(tmp_path, "Rate (XBT/h)")
    assert _headers(pack, "Projects") == [f"Cost at completion, {q}% sure (XBT)" for q in (50, 80, 90)]
    assert _setting(pack, "cost: currency") == "XBT: from the people table's header 'Rate (XBT/h)' (read as cost_per_hour)"


@pytest.mark.parametrize(("header", "cells", "said"), [
    ("Rate (XBT/h)", ("€95", "80"), "column 'Rate (XBT/h)' (read as cost_per_hour) is headed in XBT but has costs in EUR ('€95' on line 2)"),
    ("Rate (XBT/day)", ("95", "80"), "column 'Rate (XBT/day)' holds rates per day")])
def test_a_header_code_the_tool_has_no_sign_for_is_checked_as_a_known_one(tmp_path, header, cells, said):
    with pytest.raises(SchemaError, match=re.escape(f"people.csv: {said}")):
        _load(_people_csv(tmp_path, header, cells=cells))


def test_two_header_codes_are_two_currencies(tmp_path):
    with pytest.raises(SchemaError, match=re.escape("the people table's costs name more than one currency ('Cost per "
                                                    "hour (XBT)': XBT; 'Rate (EUR/h)': EUR)")):
        _load(_people_csv(tmp_path, "Cost per hour (XBT)", more=",Rate (EUR/h)"))


@pytest.mark.parametrize(("header", "sign", "name"), [("Hourly rate (₿)", "₿", "Bitcoin Sign"),
                                                       ("Rate (₮/h)", "₮", "Tugrik Sign"),
                                                       ("Cost per hour (₲)", "₲", "Guarani Sign"),
                                                       ("Rate ₭/h", "₭", "Kip Sign")])
def test_a_rate_header_with_a_sign_the_tool_has_no_code_for_is_read_unnamed(tmp_path, header, sign, name):
    # 'Hourly rate (₿)' was not read as cost_per_hour, and nothing said so; the numbers are read as under a header
    # naming no currency ('cost_per_hour'), the code is not guessed but asked for, as for 'Rate (kr)'
    people = _load(_people_csv(tmp_path, header))
    assert people[S.COST_PER_HOUR].tolist() == [90.0, 80.5]
    assert "currency" not in people.attrs["detected"]
    said = f"{sign} ({name}), a currency sign the tool has no code for, not guessed"
    assert people.attrs["detected"]["units"][S.COST_PER_HOUR] == f"{sign} (column '{header}'; {said})"
    assert people.attrs["detected"]["currency_unnamed"] == f"{said} (the people table's header '{header}')"


def test_the_pack_asks_for_the_code_of_a_header_sign_the_tool_has_no_code_for(tmp_path):
    pack = _pack(tmp_path, "Hourly rate (₿)")
    assert _headers(pack, "Projects") == [f"Cost at completion, {q}% sure (people table's currency)"
                                          for q in (50, 80, 90)]
    assert _setting(pack, "cost: currency") == (
        "not given: money figures are in the currency of the people table's cost per hour, unnamed: ₿ (Bitcoin "
        "Sign), a currency sign the tool has no code for, not guessed (the people table's header 'Hourly rate "
        "(₿)'). Head the column with its ISO code (e.g. 'Rate (INR/h)') or give it (e.g. currency='INR'; command "
        "line: --currency INR)")
    pack = _pack(tmp_path, "Hourly rate (₿)", currency="XBT")
    assert _headers(pack, "Projects") == [f"Cost at completion, {q}% sure (XBT)" for q in (50, 80, 90)]


@pytest.mark.parametrize(("header", "cells", "said"), [
    ("Hourly rate (₿)", ("€95", "80"), "column 'Hourly rate (₿)' (read as cost_per_hour) is headed in ₿ but has costs in EUR "
                                       "('€95' on line 2)"),
    ("Rate (€ ₿/h)", ("95", "80"), "the people table's costs name more than one currency ('Rate (€ ₿/h)': EUR, ₿)"),
    ("Rate (₿/day)", ("95", "80"), "column 'Rate (₿/day)' holds rates per day")])
def test_a_header_sign_the_tool_has_no_code_for_is_checked_as_a_known_one(tmp_path, header, cells, said):
    with pytest.raises(SchemaError, match=re.escape(f"people.csv: {said}")):
        _load(_people_csv(tmp_path, header, cells=cells))


@pytest.mark.parametrize("header", ["Salary (XBT)", "Monthly salary (€)", "Cost (€)", "Pay (₿)", "Day rate", "Rate",
                                    "Cost (h)"])
def test_a_money_column_the_people_table_does_not_read_is_said(tmp_path, header):
    # kept beside the people unsaid, as an extra column, and every cost in the pack was missing without a word
    with pytest.warns(DataQualityWarning, match=re.escape(f"'{header}' not read: money")):
        people = load_people(_people_csv(tmp_path, header))
    assert S.COST_PER_HOUR not in people or people[S.COST_PER_HOUR].isna().all()
    assert people.attrs["detected"]["columns_not_read"] == (
        f"'{header}' not read: money, while the people table reads only the cost of an hour, as cost_per_hour (head "
        "the column 'Cost per hour (EUR)' or 'Rate (€/h)', with its currency, to read it)")


@pytest.mark.parametrize(("header", "said"), [
    ("Salary (XBT)", "'Salary (XBT)' not read: money; the cost of an hour is read from 'cost_per_hour'"),
    ("Currency", "'Currency' not read: the costs' currency is read from cost_per_hour's header ('Cost per hour "
                 "(EUR)') or cells ('€95'), or given to the pack (currency='EUR'; command line: --currency EUR)")])
def test_a_money_column_beside_the_cost_is_said_as_not_read(tmp_path, header, said):
    people = _load(_people_csv(tmp_path, "cost_per_hour", more=f",{header}"))
    assert people[S.COST_PER_HOUR].tolist() == [90.0, 80.5]
    assert people.attrs["detected"]["columns_not_read"] == said


@pytest.mark.parametrize("header", ["Cost centre", "Rate (%)", "Notes", "PTO"])
def test_a_cost_centre_or_a_percent_rate_is_not_said_as_money(tmp_path, header):
    people = _load(_people_csv(tmp_path, "cost_per_hour", more=f",{header}"))
    assert "columns_not_read" not in people.attrs["detected"]


@pytest.mark.parametrize("given", ["FTE", "MDS", "YTD"])
def test_capitals_that_name_no_currency_are_refused_as_the_currency_option(given):
    from pmo_forecast.reporting.committee_options import committee_options

    # 'FTE' was taken as a currency, and every money header of the pack ended "(FTE)"; then refused saying FTE three
    # times ("currency='FTE' is not a currency: FTE is among the capitals that name none (FTE, ...)")
    others = {"FTE": "YTD, QTD, MTD, TBD, KPI, MDS, PDS and PTS", "MDS": "FTE, YTD, QTD, MTD, TBD, KPI, PDS and PTS",
              "YTD": "FTE, QTD, MTD, TBD, KPI, MDS, PDS and PTS"}[given]
    with pytest.raises(ValueError, match=re.escape(
            f"currency must name the costs' currency, got {given!r}, capitals that name no currency (as "
            f"{others} do); give an ISO 4217 code in capitals (AED, ARS, AUD, BDT")):
        committee_options(currency=given)


@pytest.mark.parametrize(("given", "read"), [("HRS", None), ("DAY", None), ("PER", None), ("STD", "STD"),
                                             ("MNT", "MNT"), ("ABC", "ABC")])
def test_the_currency_option_takes_the_capitals_a_header_reads_as_a_currency_and_refuses_the_others(tmp_path, given,
                                                                                                   read):
    from pmo_forecast.reporting.committee_options import committee_options

    # 'HRS' was taken as a currency (every money header of the pack ending "(HRS)"), though a header reads
    # 'Cost per hour (HRS)' as no currency; an unlisted ISO code (MNT, or ABC: not guessed) is taken by both
    people = _load(_people_csv(tmp_path, f"Cost per hour ({given})"))
    assert people.attrs["detected"].get("currency") == read
    if read is not None:
        assert committee_options(currency=given)["currency"] == read
        return
    with pytest.raises(ValueError, match=re.escape(
            f"currency must name the costs' currency, got {given!r}, which a header reads as a rate's word (hours, a "
            "day, per), never as a currency; give an ISO 4217 code in capitals (AED, ARS, AUD, BDT")):
        committee_options(currency=given)


@pytest.mark.parametrize(("header", "cells"), [("Rate (STD/h)", ("95", "80.5")), ("Cost per hour (STD)", ("95", "80.5")),
                                              ("Rate (STD/Std)", ("95 STD", "80.5"))])
def test_a_rate_header_in_the_dobras_code_std_is_read_in_it_not_as_hours(tmp_path, header, cells):
    # STD (the São Tomé and Príncipe dobra) was read as German's Std, an hour: 'Rate (STD/h)' dropped unsaid,
    # 'Cost per hour (STD)' said as money not read
    people = _load(_people_csv(tmp_path, header, cells=cells))
    assert people[S.COST_PER_HOUR].tolist() == [95.0, 80.5]
    assert people.attrs["detected"]["units"][S.COST_PER_HOUR] == f"STD (column '{header}')"
    assert "columns_not_read" not in people.attrs["detected"]


@pytest.mark.parametrize("header", ["Rate (STD)", "RATE/STD"])
def test_a_rate_header_whose_std_is_the_dobra_or_an_hour_either_way_is_refused(tmp_path, header):
    with pytest.raises(SchemaError, match=re.escape(
            f"people.csv: column '{header}' reads two ways: STD is the code of the São Tomé and Príncipe dobra, and "
            "Std an hour in German; which is not guessed. Head it 'Rate (STD/h)' for a rate in dobras an hour, or "
            "name the currency beside the hour ('Rate (€/Std)').")) as e:
        _load(_people_csv(tmp_path, header))
    assert e.value.column == header


def test_std_beside_a_currency_is_still_an_hour(tmp_path):
    people = _load(_people_csv(tmp_path, "KOSTEN/STD (CHF)"))
    assert people.attrs["detected"]["currency"] == "CHF"


@pytest.mark.parametrize(("header", "cells", "unit"), [
    ("Rate (XBT/h)", ("95 XBT", "XBT 80.5/h"), "XBT (column 'Rate (XBT/h)')"),
    # the header names XBT, so a cell writing it in lower case is the header's currency: it had been "must be numeric"
    ("Rate (XBT/h)", ("95 xbt", "Xbt 80.5/h"), "XBT (column 'Rate (XBT/h)')"),
    ("Hourly rate (₿)", ("₿95", "80.5 ₿"), "₿ (column 'Hourly rate (₿)'; ₿ (Bitcoin Sign), a currency sign the "
                                           "tool has no code for, not guessed)")])
def test_cost_cells_in_the_headers_own_currency_the_tool_has_no_sign_for_are_read(tmp_path, header, cells, unit):
    # '95 XBT' under 'Rate (XBT/h)' was refused as a currency the tool does not read, though the header is read as XBT
    people = _load(_people_csv(tmp_path, header, cells=cells))
    assert people[S.COST_PER_HOUR].tolist() == [95.0, 80.5]
    assert people.attrs["detected"]["units"][S.COST_PER_HOUR] == unit


@pytest.mark.parametrize(("cells", "said"), [
    (("95 USD", "80"), "is headed in XBT but has costs in USD ('95 USD' on line 2)"),
    (("95 MNT", "80"), "has costs in a currency the tool does not read (MNT: '95 MNT' on line 2)"),
    (("95 XBT", "80 XBT/day"), "has rates per day ('80 XBT/day' on line 3)")])
def test_cost_cells_in_another_currency_than_the_headers_own_are_still_refused(tmp_path, cells, said):
    with pytest.raises(SchemaError, match=re.escape(f"people.csv: column 'Rate (XBT/h)' (read as cost_per_hour) {said}")):
        _load(_people_csv(tmp_path, "Rate (XBT/h)", cells=cells))


@pytest.mark.parametrize(("header", "cells"), [("cost_per_hour", ("95 Rs", "Rs. 80")), ("cost_per_hour", ("₨95", "₨80")),
                                               ("cost_per_hour", ("Rs 95", "₨80")),
                                               ("Rate (Rs/h)", ("95", "80"))])
def test_rupees_written_rs_are_not_guessed_and_said_as_kr_is(tmp_path, header, cells):
    # '95 Rs' was refused as a currency the tool does not read; Rs is the rupee's of India, Pakistan, Sri Lanka and
    # Nepal alike: read, its currency unnamed and said, as kr's
    people = _load(_people_csv(tmp_path, header, cells=cells))
    assert people[S.COST_PER_HOUR].tolist() == [95.0, 80.0]
    assert "currency" not in people.attrs["detected"]
    sign = "₨" if "₨" in cells[0] else "Rs"  # as currencies write it: it was 'rs'
    assert people.attrs["detected"]["units"][S.COST_PER_HOUR].startswith(f"{sign} (")
    assert people.attrs["detected"]["units"][S.COST_PER_HOUR].endswith(
        f"; {sign}, the sign of INR, PKR, LKR and NPR, not guessed)")
    assert people.attrs["detected"]["currency_unnamed"].startswith(f"{sign}, the sign of INR, PKR, LKR and NPR")


@pytest.mark.parametrize(("header", "cells", "said"), [
    ("Rate (EUR)", ("RS 95", "80"), "is headed in EUR but has costs in Rs ('RS 95' on line 2)"),
    ("Rate (Rs)", ("€95", "80"), "is headed in Rs but has costs in EUR ('€95' on line 2)"),
    ("cost_per_hour", ("rs 95", "€80"), "has costs in more than one currency (Rs: 'rs 95' on line 2; EUR: '€80'")])
def test_a_rupee_sign_is_said_as_rs_in_the_messages(tmp_path, header, cells, said):
    with pytest.raises(SchemaError, match=re.escape(f"people.csv: column {_headed(header)} {said}")):
        _load(_people_csv(tmp_path, header, cells=cells))


@pytest.mark.parametrize(("header", "cells", "costs", "currency"), [
    ("cost_per_hour", ("Rs.95", "Rs.1,200.50"), [95.0, 1200.5], None),
    ("cost_per_hour", ("kr.950", "kr. 800"), [950.0, 800.0], None),
    ("Rate (INR/h)", ("Rs.95", "80"), [95.0, 80.0], "INR"),
    ("Rate (SEK)", ("kr.950", "800"), [950.0, 800.0], "SEK")])
def test_a_signs_dot_without_a_space_is_read_as_with_one(tmp_path, header, cells, costs, currency):
    # 'Rs.95' and 'kr.950' were "must be numeric", though 'Rs. 95' and 'kr. 950' were read
    people = _load(_people_csv(tmp_path, header, cells=cells))
    assert people[S.COST_PER_HOUR].tolist() == costs
    assert people.attrs["detected"].get("currency") == currency


def test_a_symbols_dot_before_the_number_is_not_read_as_a_signs_dot(tmp_path):
    # '€.95' may be 0.95: not read as 95
    with pytest.raises(SchemaError, match=re.escape("column 'cost_per_hour' must be numeric (an amount) but has '€.95'")):
        _load(_people_csv(tmp_path, "cost_per_hour", cells=("€.95", "80")))


@pytest.mark.parametrize(("header", "cells"), [("Rate (INR/h)", ("Rs 95", "Rs. 80")), ("Rate (Rs)", ("95 INR", "80"))])
def test_rupees_written_rs_are_read_as_the_rupee_named_beside_them(tmp_path, header, cells):
    people = _load(_people_csv(tmp_path, header, cells=cells))
    assert people[S.COST_PER_HOUR].tolist() == [95.0, 80.0]
    assert people.attrs["detected"]["currency"] == "INR"


@pytest.mark.parametrize(("header", "cells", "shown", "rows"), [
    ("cost_per_hour", ("95 h", "80"), "'95 h' on line 2", [2]),
    ("Rate (€/h)", ("95h", "80 hours"), "'95h', '80 hours' on lines 2, 3", [2, 3])])
def test_hours_in_the_cost_column_are_said_to_look_like_hours_not_money(tmp_path, header, cells, shown, rows):
    # '95 h' was "must be numeric (an amount)"
    with pytest.raises(SchemaError, match=re.escape(
            f"people.csv: column {_headed(header)} has {shown}, which looks like hours, not money: cost_per_hour is what an "
            "hour of the person's time costs; write each cost as a number alone (95) or with its currency ('€95', "
            "'95 €/h').")) as e:
        _load(_people_csv(tmp_path, header, cells=cells))
    assert (e.value.column, list(e.value.rows)) == (header, rows)


@pytest.mark.parametrize("header", ["Hourly rate", "Rate per hour", "Hourly cost", "Stundensatz"])
def test_an_hourly_rate_header_naming_no_currency_is_read_with_the_currency_unnamed(tmp_path, header):
    # 'Hourly rate' was said as money not read, and every cost in the pack was missing; 'Hourly rate (₿)' was read
    people = _load(_people_csv(tmp_path, header))
    assert people[S.COST_PER_HOUR].tolist() == [90.0, 80.5]
    assert "currency" not in people.attrs["detected"] and "columns_not_read" not in people.attrs["detected"]
    assert people.attrs["detected"]["units"][S.COST_PER_HOUR] == (
        f"no currency (column '{header}', read as cost_per_hour; neither the header nor the cells name one, not "
        "guessed)")
    people = _load(_people_csv(tmp_path, header, cells=("€95", "80")))  # the cells name it
    assert people.attrs["detected"]["currency"] == "EUR"


def test_the_pack_says_an_hourly_rate_naming_no_currency_and_asks_for_it(tmp_path):
    pack = _pack(tmp_path, "Hourly rate")
    assert _headers(pack, "Projects") == [f"Cost at completion, {q}% sure (people table's currency)"
                                          for q in (50, 80, 90)]
    assert _setting(pack, "people: cost per hour unit") == (
        "no currency (column 'Hourly rate', read as cost_per_hour; neither the header nor the cells name one, not "
        "guessed)")
    # the header named: it had been the generic ask, as for a column headed cost_per_hour
    assert _setting(pack, "cost: currency") == (
        "not given: money figures are in the currency of the people table's cost per hour, unnamed (its header "
        "'Hourly rate' names none). Head the column with it ('Hourly rate (EUR)') or give currency='EUR' "
        "(command line: --currency EUR)")


@pytest.mark.parametrize("header", ["Budget (MDS)", "Budget (MDs)", "Budget (PDS)"])
def test_a_budget_in_mds_is_read_as_man_days(tmp_path, header):
    # 'Budget (MD)' was read as days, 'Budget (MDS)' neither read nor said: every project's budget was lost
    projects = _load(_projects_csv(tmp_path, f"project_id,{header}\nP1,10\nP2,2.5\n"), load_projects)
    assert projects[S.BUDGET].tolist() == [80.0, 20.0]
    assert projects.attrs["detected"]["units"][S.BUDGET] == f"days (column '{header}', times 8 h a day)"


@pytest.mark.parametrize(("header", "why"), [
    ("Budget (FTE)", "a budget in FTE is not converted to hours"),
    ("Budget (PTS)", "a budget in points is not converted to hours"),
    ("Budget in story points", "a budget in story points is not converted to hours"),
    ("Budget (weeks)", "a budget in weeks is not converted to hours"),
    # these two were kept unsaid, as 'Budget (FTE)' had been
    ("Budget (PM)", "PM is person-months or a project manager, which is not guessed"),
    ("Budget YTD", "a budget to date (YTD) is not the project's whole budget")])
def test_a_budget_in_a_unit_not_converted_is_said_as_not_read(tmp_path, header, why):
    # kept beside the projects unsaid, as an extra column, and every budget was lost without a word
    path = _projects_csv(tmp_path, f"project_id,{header}\nP1,10\nP2,20\n")
    said = f"'{header}' not read: {why} (give budget_hours in hours, 'Budget (h)', or days, 'Budget (days)')"
    with pytest.warns(DataQualityWarning, match=re.escape(said)):
        projects = load_projects(path)
    assert projects[S.BUDGET].isna().all()
    assert projects.attrs["detected"]["columns_not_read"] == said


@pytest.mark.parametrize(("header", "budgets", "unit"), [
    ("Budget (HRS)", [10.0, 2.5], "hours (column 'Budget (HRS)')"),
    ("Budget (hrs)", [10.0, 2.5], "hours (column 'Budget (hrs)')"),
    ("Budget (Std.)", [10.0, 2.5], "hours (column 'Budget (Std.)')"),
    ("Budget (mandays)", [80.0, 20.0], "days (column 'Budget (mandays)', times 8 h a day)"),
    ("Budget (JH)", [80.0, 20.0], "days (column 'Budget (JH)', times 8 h a day)")])
def test_a_budget_header_stating_its_unit_is_read_in_it(tmp_path, header, budgets, unit):
    # the header parser read the unit ('Budget (JH)': days), the projects loader did not: every budget was lost unsaid
    path = _projects_csv(tmp_path, f"project_id,{header}\nP1,10\nP2,2.5\n")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        projects = load_projects(path)
    assert projects[S.BUDGET].tolist() == budgets
    assert projects.attrs["detected"]["units"][S.BUDGET] == unit


def test_a_budget_header_stating_its_unit_beside_budget_hours_is_said_as_not_read(tmp_path):
    path = _projects_csv(tmp_path, "project_id,budget_hours,Budget (HRS)\nP1,10,12\nP2,20,20\n")
    said = ("'Budget (HRS)' (budget_hours in hours; budget_hours is read from 'budget_hours') not read: keep one of "
            "the two columns")
    with pytest.warns(DataQualityWarning, match=re.escape(said)):
        projects = load_projects(path)
    assert projects[S.BUDGET].tolist() == [10.0, 20.0]
    assert projects.attrs["detected"]["columns_not_read"] == said


@pytest.mark.parametrize(("cells", "written"), [(("₿95 XBT", "₿80.5"), "'₿95 XBT' on line 2"),
                                               (("₿95 XBT", "80.5"), "'₿95 XBT' on line 2"),
                                               (("XBT 95 ₿", "80.5 XBT/h"), "'XBT 95 ₿', '80.5 XBT/h' on lines 2, 3")])
def test_cost_cells_writing_the_headers_sign_beside_a_code_are_read_in_that_code(tmp_path, cells, written):
    # '₿95 XBT' under 'Rate (₿)' was refused as a currency the tool does not read, though the cell says its code
    people = _load(_people_csv(tmp_path, "Rate (₿)", cells=cells))
    assert people[S.COST_PER_HOUR].tolist() == [95.0, 80.5]
    said = f"cells of column 'Rate (₿)': {written}; its header's ₿ read as XBT, as those cells write it"
    assert people.attrs["detected"]["currency"] == "XBT"
    assert people.attrs["detected"]["units"][S.COST_PER_HOUR] == f"XBT ({said})"
    assert "currency_unnamed" not in people.attrs["detected"]


@pytest.mark.parametrize(("header", "cells", "unit"), [
    ("Rate (XBT/h)", ("₿95 XBT", "80.5"), "XBT (column 'Rate (XBT/h)'; ₿ in its cells read as XBT ('₿95 XBT' on line 2))"),
    ("Rate (XBT/h)", ("₿95", "80.5 XBT"), "XBT (column 'Rate (XBT/h)'; ₿ in its cells read as XBT ('₿95' on line 2))"),
    ("Hourly rate (₿)", ("95 XBT", "80.5"), "XBT (cells of column 'Hourly rate (₿)': '95 XBT' on line 2; its header's ₿ "
                                           "read as XBT, as those cells write it)"),
    ("Hourly rate (₿)", ("95 XBT", "₿80.5"), "XBT (cells of column 'Hourly rate (₿)': '95 XBT' on line 2; its header's "
                                            "₿ read as XBT, as those cells write it)")])
def test_a_sign_and_a_code_the_tool_has_none_for_split_between_header_and_cells_are_read_as_the_code(
        tmp_path, header, cells, unit):
    # '₿95 XBT' under 'Rate (XBT/h)' and '95 XBT' under 'Hourly rate (₿)' were refused as a currency the tool does not
    # read, though header and cells agree; '₿95 XBT' under 'Rate (₿)' was read
    people = _load(_people_csv(tmp_path, header, cells=cells))
    assert people[S.COST_PER_HOUR].tolist() == [95.0, 80.5]
    assert people.attrs["detected"]["currency"] == "XBT"
    assert people.attrs["detected"]["units"][S.COST_PER_HOUR] == unit
    assert "currency_unnamed" not in people.attrs["detected"]


@pytest.mark.parametrize(("cells", "said"), [
    (("₿95 USD", "80"), "is headed in ₿ but has costs in USD ('₿95 USD' on line 2: ₿ is not USD's sign)"),
    (("₿95 XBT", "$80"), "is headed in ₿ but has costs in USD ('$80' on line 3)")])
def test_cost_cells_writing_the_headers_sign_beside_two_codes_are_refused(tmp_path, cells, said):
    with pytest.raises(SchemaError, match=re.escape(f"people.csv: column 'Rate (₿)' (read as cost_per_hour) {said}")):
        _load(_people_csv(tmp_path, "Rate (₿)", cells=cells))


@pytest.mark.parametrize(("header", "cells", "said"), [
    ("Rate (₿)", ("₿95 XBT", "₿80 BTC"), "XBT: '₿95 XBT' on line 2; BTC: '₿80 BTC' on line 3"),
    ("cost_per_hour", ("₿95 XBT", "BTC 80 ₿"), "XBT: '₿95 XBT' on line 2; BTC: 'BTC 80 ₿' on line 3"),
    ("Hourly rate (₿)", ("95 XBT", "₿80 BTC"), "XBT: '95 XBT' on line 2; BTC: '₿80 BTC' on line 3")])
def test_two_codes_for_one_sign_the_tool_has_no_code_for_are_refused_naming_both(tmp_path, header, cells, said):
    # they were "a currency the tool does not read (₿: ...)", as if the cells named no code, and asked for one
    with pytest.raises(SchemaError, match=re.escape(
            f"people.csv: column {_headed(header)} has more than one code for ₿ ({said}); the tool has no code for ₿, so which "
            "of them it stands for is not guessed, and the pack adds costs up: write every cost in one currency, as a "
            "number alone under a header naming its code ('Rate (XBT/h)').")) as e:
        _load(_people_csv(tmp_path, header, cells=cells))
    assert (e.value.column, list(e.value.rows)) == (header, [2, 3])


def test_the_pack_says_the_code_cells_write_beside_the_headers_sign(tmp_path):
    pack = _pack(tmp_path, "Rate (₿)", cells=("₿95 XBT", "₿80"))
    assert _headers(pack, "Projects") == [f"Cost at completion, {q}% sure (XBT)" for q in (50, 80, 90)]
    assert _setting(pack, "cost: currency") == (
        "XBT: from the people table's cells of column 'Rate (₿)': '₿95 XBT' on line 2; its header's ₿ read as XBT, "
        "as those cells write it")


@pytest.mark.parametrize(("cells", "currency"), [
    (("₹95", "80.5 ₹"), "INR"), (("₩95", "₩80.5"), "KRW"), (("₺95", "80.5 TRY"), "TRY"), (("₽95", "₽80.5"), "RUB"),
    (("₪95", "80.5 ₪"), "ILS"), (("95 ₪", "₪80.5"), "ILS"), (("৳95", "80.5 ৳"), "BDT"), (("95 ৳", "৳80.5"), "BDT"),
    (("₱95", "80.5 PHP"), "PHP"), (("₫95", "₫80.5"), "VND"), (("฿95", "฿80.5"), "THB"),
    (("RM95", "RM 80.5"), "MYR"), (("Rp 95", "Rp80.5"), "IDR"), (("MX$95", "MX$80.5"), "MXN"),
    (("95 ZAR", "80.5 ZAR/h"), "ZAR"), (("95 AED", "AED 80.5"), "AED"), (("95 SAR", "80.5"), "SAR")])
def test_the_worlds_common_currency_signs_and_codes_are_read_and_said_as_the_euros_are(tmp_path, cells, currency):
    # '₹95' was read only as a sign the tool has no code for: alone it was refused, under 'Rate (INR/h)' read as INR
    # whatever sign the cells wrote
    people = _load(_people_csv(tmp_path, "cost_per_hour", cells=cells))
    assert people[S.COST_PER_HOUR].tolist() == [95.0, 80.5]
    assert people.attrs["detected"]["currency"] == currency
    assert people.attrs["detected"]["currency_from"].startswith("the people table's cells of column 'cost_per_hour'")


@pytest.mark.parametrize(("header", "currency"), [("Rate (₹/h)", "INR"), ("Cost per hour (₩)", "KRW"),
                                                  ("Hourly rate (MXN)", "MXN"), ("Rate (TRY/h)", "TRY")])
def test_a_rate_header_with_a_common_currency_sign_or_code_is_read_in_it(tmp_path, header, currency):
    people = _load(_people_csv(tmp_path, header))
    assert people[S.COST_PER_HOUR].tolist() == [90.0, 80.5]
    assert people.attrs["detected"]["currency"] == currency


@pytest.mark.parametrize(("header", "cells", "said"), [
    ("Rate (INR/h)", ("₩95", "80"), "is headed in INR but has costs in KRW ('₩95' on line 2)"),
    ("Rate (₹/h)", ("95 PKR", "80"), "is headed in INR but has costs in PKR ('95 PKR' on line 2)"),
    ("cost_per_hour", ("₹95 KRW", "80"), "has costs naming two currencies each ('₹95 KRW' on line 2: ₹ is not KRW's "
                                         "sign)")])
def test_a_common_currency_sign_against_another_currency_is_refused(tmp_path, header, cells, said):
    # '₩95' under 'Rate (INR/h)' was read as INR: ₩ was a sign the tool had no code for, taken as the header's
    with pytest.raises(SchemaError, match=re.escape(f"people.csv: column {_headed(header)} {said}")):
        _load(_people_csv(tmp_path, header, cells=cells))


@pytest.mark.parametrize("header", ["Rate (R/h)", "Try-out rate", "Pen test (h)", "R&D share"])
def test_a_single_letter_or_a_word_spelt_as_a_code_names_no_currency(tmp_path, header):
    # R alone (the rand's sign) names too much else in a header; TRY, PEN are codes in capitals only
    from pmo_forecast.inputs.currency import header_currencies

    assert header_currencies(header) == []
    people = _load(_people_csv(tmp_path, "cost_per_hour", more=f",{header}"))
    assert "currency" not in people.attrs["detected"]


@pytest.mark.parametrize(("code", "written"), [("HUF", "95 Ft"), ("PLN", "95 zł"), ("CZK", "95 Kč"), ("MYR", "RM95"),
                                              ("IDR", "Rp95"), ("RUB", "95 ₽"), ("UAH", "95 ₴"), ("VND", "95 ₫"),
                                              ("KZT", "95 ₸"), ("GEL", "95 ₾")])
def test_a_sign_of_letters_is_suggested_as_its_currency_writes_it_and_reads_back(tmp_path, code, written):
    # only signs with a currency symbol were suggested ('95 HUF', never '95 Ft'), though Ft, zł, Kč, RM and Rp are read;
    # the rouble's, hryvnia's, dong's, tenge's and lari's were suggested before the number ('₽95'), as none writes them
    with pytest.raises(SchemaError, match=re.escape(f"write every cost in {code} ('95 {code}' or '{written}', or 95 "
                                                    "alone)")):
        _load(_people_csv(tmp_path, f"Rate ({code}/h)", cells=("₿95", "80")))
    with pytest.raises(SchemaError, match=re.escape(f"in {code}: '95 {code}' or '{written}'")):
        _load(_people_csv(tmp_path, "cost_per_hour", cells=("95 EUR", f"USD {written}" if written.startswith("95")
                                                            else f"{written} USD")))
    people = _load(_people_csv(tmp_path, "cost_per_hour", cells=(written, "80")))
    assert people[S.COST_PER_HOUR].tolist() == [95.0, 80.0] and people.attrs["detected"]["currency"] == code


@pytest.mark.parametrize("code", sorted(set(CURRENCIES.values())))
def test_every_suggested_spelling_of_a_cost_is_read_back_in_its_currency(tmp_path, code):
    # a message's suggestion the loader refused, or read as another currency, would send the user round in circles
    from pmo_forecast.inputs.currency import _written_in

    for written in re.findall(r"'([^']+)'", _written_in(code)):
        people = _load(_people_csv(tmp_path, "cost_per_hour", cells=(written, "80")))
        assert people[S.COST_PER_HOUR].tolist() == [95.0, 80.0], written
        assert people.attrs["detected"]["currency"] == code, written


def test_messages_about_the_cost_column_quote_its_header_with_the_column_it_is_read_as(tmp_path):
    # they quoted the header by their own lookup, never saying what it is read as, where the rest of the loader
    # says "'Estimate Hours' (read as estimate_hours)"
    people = _load(_people_csv(tmp_path, "Rate (€/h)", more=",Salary (EUR)"))
    assert people.attrs["detected"]["columns_not_read"] == (
        "'Salary (EUR)' not read: money; the cost of an hour is read from 'Rate (€/h)' (read as cost_per_hour)")
    with pytest.raises(SchemaError) as e:
        _load(_people_csv(tmp_path, "Rate (€/h)", cells=("95", "-80")))
    assert str(e.value) == (f"{tmp_path / 'people.csv'}: column 'Rate (€/h)' (read as cost_per_hour) has a negative "
                            "cost (-80 on line 3); an hour of work costs 0 or more: fix that cell.")
    assert e.value.column == "Rate (€/h)"  # the header itself, for tools reading the error


def test_the_pack_asks_for_the_currency_of_a_header_with_escape_codes_printable():
    """A header holding a terminal escape code is quoted with it escaped, as every header is."""
    from types import SimpleNamespace

    import pandas as pd

    from pmo_forecast.core.labels import UNKNOWN_CURRENCY
    from pmo_forecast.reporting.committee_options import committee_options, pack_currency

    people = pd.DataFrame({S.COST_PER_HOUR: [90.0]})
    people.attrs["_headers"] = {S.COST_PER_HOUR: "Hourly rate\x1b[31m"}
    # a stand-in: no loader reads a header with an escape code as cost_per_hour, so no loaded context has one
    assert pack_currency(SimpleNamespace(tables={"people": people}, committee=committee_options())) == (
        UNKNOWN_CURRENCY, "not given: money figures are in the currency of the people table's cost per hour, "
        "unnamed (its header 'Hourly rate\\x1b[31m' names none). Head the column with it ('Hourly rate\\x1b[31m "
        "(EUR)') or give currency='EUR' (command line: --currency EUR)")
