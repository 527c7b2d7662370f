"""The loaders read text once per distinct value: the same values, rows and messages as per cell.

Each test compares the per-distinct-value reading of a repetitive column with the
reading of every cell on its own (a one-cell column has nothing to share), on random
mixes of the covered shapes with blanks, padding and values that fall back to the
general parser.
"""

import re

import numpy as np
import pandas as pd
import pytest

from pmo_forecast import DataQualityWarning, SchemaError, load_tasks
from pmo_forecast.inputs.cells import cell_marks_in
from pmo_forecast.inputs.date_order import DAY_FIRST, MONTH_FIRST, date_order
from pmo_forecast.inputs.dates import DateColumn
from pmo_forecast.inputs.parsing import (
    as_categories,
    excel_errors_or_raise,
    hours_or_raise,
    number_styles,
)

DATES = ["2024-05-01", "2024-05-01 10:30:00", " 2024-05-02 ", "2024-5-3", "2024/05/04", "03/04/2024",
         "4.5.2024", "11/May/24 03:26 PM", "11/May/24 15:26", "11/May/24", "May 3, 2024", "3 May 2024",
         "2024-05-01T08:00:00+02:00", None, "05/06/24"]


def one_by_one(values, order, as_read):
    out = []
    for v in values:
        col = DateColumn(pd.Series([v], dtype=object), file="f", column="c", lines=np.array([2]),
                         as_read=as_read)
        out.append(col.finish(order).iloc[0])
    return pd.Series(out, dtype="datetime64[ns]")


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("order", [DAY_FIRST, MONTH_FIRST])
def test_dates_per_distinct_value_match_each_cell_read_alone(seed, order):
    rng = np.random.default_rng(seed)
    pool = list(rng.choice(np.array(DATES, dtype=object), size=rng.integers(2, 8), replace=False))
    values = [pool[i] for i in rng.integers(0, len(pool), 200)]
    lines = np.arange(2, 202)
    for s, as_read in ((pd.Series(values, dtype=object), True), (pd.Series(values, dtype="str"), True),
                       (as_categories(pd.Series(values, dtype=object)), None)):
        got = DateColumn(s, file="f", column="c", lines=lines, as_read=as_read).finish(order)
        want = one_by_one(values, order, as_read if as_read is not None else False)
        pd.testing.assert_series_equal(got.reset_index(drop=True), want, check_names=False)


def test_impossible_and_non_dates_name_every_row_of_a_repeated_value():
    s = pd.Series(["2024-01-05", "2024-02-30", "2024-01-05", "2024-02-30", None, "2024-02-30"])
    with pytest.raises(SchemaError) as e:
        DateColumn(s, file="f", column="c", lines=np.arange(2, 8)).finish()
    assert e.value.rows == [3, 5, 7]
    # each value once, every line named: "'2024-02-30', '2024-02-30', '2024-02-30' on lines 3, 5, 7" said it thrice
    assert str(e.value) == ("f: column 'c' has dates that do not exist: '2024-02-30' on lines 3, 5, 7 (a day or month "
                            "of 0, a month above 12 or a day past the month's end). Correct those cells; ISO dates "
                            "(2024-05-31) are the safest to write.")
    s = pd.Series(["2024-01-05", "soon", "2024-01-05", "soon"], dtype="str")
    with pytest.raises(SchemaError) as e:
        DateColumn(s, file="f", column="c", lines=np.arange(10, 14)).finish()
    assert e.value.rows == [11, 13] and str(e.value) == (
        "f: column 'c' must hold dates but has 'soon' on lines 11, 13. Use ISO dates (2024-05-31 14:00) or the "
        "tracker's own export format.")


def test_day_month_evidence_and_counts_are_per_row():
    s = pd.Series(["03/04/2024"] * 5 + ["13/04/2024", "13/04/2024"])
    col = DateColumn(s, file="f", column="c", lines=np.arange(2, 9))
    d, m = col.evidence()
    assert d.tolist() == [5, 6] and m.tolist() == [] and col.ambiguous().tolist() == [0, 1, 2, 3, 4]
    detected = {}
    assert date_order([col], file="f", detected=detected) == DAY_FIRST
    assert detected["date_order"] == "day first (settled by '13/04/2024' in 'c', line 7)"
    out = col.finish(DAY_FIRST)
    assert out.tolist() == [pd.Timestamp("2024-04-03")] * 5 + [pd.Timestamp("2024-04-13")] * 2
    amb = DateColumn(pd.Series(["03/04/2024", None, "03/04/2024", "2024-01-01"]), file="f", column="c",
                     lines=np.arange(2, 6))
    assert amb.ambiguous().tolist() == [0, 2]


def test_number_styles_name_every_row_and_the_first_values():
    s = pd.Series(["1", "2,5", "1", "3.5", "2,5", "3.5"], dtype="str")
    for col in (s, as_categories(s)):
        with pytest.raises(SchemaError) as e:
            number_styles({"estimate_hours": col}, file="f", lines=np.arange(2, 8))
        assert e.value.rows == [3, 5, 6, 7]
        assert "'3.5' needs a decimal point and '2,5' a decimal comma" in str(e.value)
    with pytest.raises(SchemaError) as e:
        number_styles({"estimate_hours": pd.Series(["2", "1.200", "2", "1.200"])}, file="f",
                      lines=np.arange(2, 6))
    assert e.value.rows == [3, 5] and "has '1.200' (lines 3, 5)" in str(e.value)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize(("share", "pool"), [
    (False, ["4", "1.5", "", None, "3h 30m", "PT4H30M", "2d", "  7 ", "1,200.5"]),
    (True, ["0.5", "1", "", None, "  0.25 ", "80%", "100 %"]),  # a share is no duration
])
def test_hours_from_categories_match_text(seed, share, pool):
    rng = np.random.default_rng(seed)
    values = list(rng.choice(np.array(pool, dtype=object), 100))
    s = pd.Series(values, dtype=object)
    a = hours_or_raise(s, file="f", column="c", lines=np.arange(100), decimal=".", share=share)
    b = hours_or_raise(as_categories(s), file="f", column="c", lines=np.arange(100), decimal=".", share=share)
    c = pd.Series([hours_or_raise(pd.Series([v], dtype=object), file="f", column="c", lines=np.array([0]),
                                  decimal=".", share=share).iloc[0] for v in values])
    pd.testing.assert_series_equal(a, b)
    pd.testing.assert_series_equal(a, c, check_names=False)


def test_excel_errors_in_categories_keep_each_columns_rule():
    s = pd.Series(["1", " #N/A", "2", " #N/A"], dtype="str")
    with pytest.raises(SchemaError) as e:  # categories as given: padded error values count
        excel_errors_or_raise(as_categories(s), file="f", column="c", lines=np.arange(2, 6))
    assert e.value.rows == [3, 5] and "'#N/A'" in str(e.value)
    excel_errors_or_raise(as_categories(s), file="f", column="c", lines=np.arange(2, 6), strip=False)
    excel_errors_or_raise(s, file="f", column="c", lines=np.arange(2, 6))  # text: cell as written
    with pytest.raises(SchemaError) as e:
        excel_errors_or_raise(as_categories(pd.Series(["#REF!", None, "#REF!"])), file="f", column="c",
                              lines=np.arange(2, 5), strip=False)
    assert e.value.rows == [2, 4]


def test_csv_load_matches_the_same_rows_as_a_dataframe(tmp_path):
    """The file path (text read in parallel, hashed once) and a frame of the same text agree."""
    rng = np.random.default_rng(3)
    n = 400
    df = pd.DataFrame({
        "task_id": [f"T{i}" for i in range(n)],
        "project_id": rng.choice(["P1", " P2", "P3 "], n),
        "estimate_hours": rng.choice(["4", "1.5", "", "3h 30m", "1,200"], n),
        "created": rng.choice(["2024-05-01", "13/04/2024", "", "03/04/2024 10:00"], n),
        "status": rng.choice(["Done", "open", "In Progress", ""], n),
    })
    df.loc[0, "project_id"] = "P1"
    p = tmp_path / "t.csv"
    df.to_csv(p, index=False)
    a = load_tasks(p)
    b = load_tasks(df.replace("", None))
    for c in ("task_id", "project_id", "estimate_hours", "created", "status"):
        pd.testing.assert_series_equal(a[c], b[c], check_names=False)
    assert a["estimate_hours"].max() == 1200 and a["project_id"].isin(["P1", "P2", "P3"]).all()
    assert (a["created"] == pd.Timestamp("2024-04-13")).sum() == (df["created"] == "13/04/2024").sum()


def test_jira_seconds_per_distinct_value():
    df = pd.DataFrame({"Issue key": [f"PMO-{i}" for i in range(6)], "Project key": "PMO",
                       "Summary": "x", "Issue Type": "Task", "Status": "Done",
                       "Original Estimate": ["3600", "7200", None, "3600", "5400", "7200"],
                       "Time Spent": ["3600", "1h 30m", None, "3600", "2h", "7200"]}, dtype=object)
    t = load_tasks(df)
    assert t["estimate_hours"].tolist()[:2] == [1.0, 2.0] and np.isnan(t["estimate_hours"].iloc[2])
    assert t["estimate_hours"].tolist()[3:] == [1.0, 1.5, 2.0]
    assert t["actual_hours"].tolist()[:2] == [1.0, 1.5] and t["actual_hours"].tolist()[3:] == [1.0, 2.0, 2.0]


@pytest.mark.parametrize("seed", range(3))
def test_far_date_limit_is_numpys_quantiles(seed):
    from pmo_forecast.core.as_of import FAR_BEYOND, far_date_limit

    rng = np.random.default_rng(seed)
    for n in [2, 3, 7, 100, 101, 199, 1000, 4321]:  # one column: leaving one row's date out is the quantile
        days = rng.integers(0, 3000, n)
        dates = pd.Series(pd.Timestamp("2020-01-01") + pd.to_timedelta(days, unit="D"))
        v = dates.to_numpy(dtype="datetime64[ns]").astype(np.int64)
        hi, lo = np.quantile(v, 0.99, method="lower"), np.quantile(v, 0.01, method="higher")
        want = pd.Timestamp(int(hi + max(FAR_BEYOND.value, hi - lo)))
        assert far_date_limit(pd.DataFrame({"created": dates})) == want


@pytest.mark.parametrize("order", [DAY_FIRST, MONTH_FIRST])
def test_dates_that_rarely_repeat_are_read_per_cell_with_the_same_result(order):
    rng = np.random.default_rng(7)
    stamps = pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, 10**6, 300), unit="min")
    values = list(stamps.strftime("%Y-%m-%d %H:%M:%S"))
    values[5], values[9], values[20] = None, "05/06/2024 10:00", "11/May/24 03:26 PM"
    for s in (pd.Series(values, dtype=object), pd.Series(values, dtype="str")):
        col = DateColumn(s, file="f", column="c", lines=np.arange(2, 302))
        assert col.codes is None  # nearly all distinct: per cell
        pd.testing.assert_series_equal(col.finish(order), one_by_one(values, order, True), check_names=False)


# --- ids: kept as read when no cell needs trimming; uniqueness from an Index ------------------
IDS = ["T1", " T2", "T3 ", "T\t4", "\tT5", "T6\xa0", "\u3000T7", "", "  ", None, np.nan, "T 8", "Té9",
       "T10\n", "007"]


def strip_each(values):
    """The general rule, one cell at a time: trimmed text; blank or missing is missing."""
    return pd.Series([v.strip() or pd.NA if isinstance(v, str) else pd.NA for v in values], dtype="string")


@pytest.mark.parametrize("seed", range(8))
def test_ids_kept_as_read_only_when_trimming_changes_nothing(seed):
    from pmo_forecast.inputs.parsing import plain_cells, to_text

    rng = np.random.default_rng(seed)
    clean = [f"T{i:05d}" for i in rng.permutation(300)]
    # the fast path's own case (checked: it is taken), then each awkward cell slipped into it
    assert plain_cells(np.array(clean, dtype=object))
    # with "T1" or "007" still plain; any other odd cell needs trimming, or is blank, missing or not ASCII
    cases = [(clean, True)] + [(clean[:k] + [odd] + clean[k:], odd in ("T1", "007"))
                               for odd, k in zip(IDS, rng.integers(0, 300, len(IDS)), strict=True)]
    for values, plain in cases:
        got = to_text(pd.Series(values, dtype=object), repetitive=False)
        pd.testing.assert_series_equal(got.reset_index(drop=True), strip_each(values))
        assert plain_cells(np.array(values, dtype=object)) == plain, values


def test_padded_or_blank_ids_from_a_file_read_as_from_the_general_path(tmp_path):
    p = tmp_path / "t.csv"
    p.write_text("task_id,project_id,estimate_hours\nT1,P,1\nT2 ,P,1\n\tT3,P,1\n", encoding="utf-8")
    assert load_tasks(p)["task_id"].tolist() == ["T1", "T2", "T3"]
    p.write_text("task_id,project_id,estimate_hours\nT1,P,1\n  ,P,1\nT3,P,1\n", encoding="utf-8")
    with pytest.raises(SchemaError, match=r"column 'task_id' is empty on line 3\. Every row needs"):
        load_tasks(p)


@pytest.mark.parametrize("order", ["sorted", "shuffled"])
def test_duplicate_ids_found_the_same_whether_sorted_or_not(tmp_path, order):
    """Sorted ids are known unique without hashing (Index); duplicates get the same rows and reasons."""
    from pmo_forecast import validate_tasks

    ids = [f"T{i:04d}" for i in range(200)]
    ids[50] = ids[51] = ids[52] = "T0051"  # three times, adjacent (still sorted)
    ids[120] = "T0119"
    ids = ids if order == "sorted" else list(np.random.default_rng(1).permutation(ids))
    p = tmp_path / "t.csv"
    pd.DataFrame({"task_id": ids, "project_id": "P", "estimate_hours": 1}).to_csv(p, index=False)
    # the table as written (the loader leaves out these rows, exact copies, said: test_repeated_ids)
    report = validate_tasks(pd.read_csv(p, dtype={"task_id": str}), as_of="2024-01-01")
    dup = report.findings[report.findings["check"] == "duplicate_task_id"]
    pos = {v: [i for i, x in enumerate(ids) if x == v] for v in ("T0051", "T0119")}
    assert sorted(dup["row"].tolist()) == sorted(i for v in pos.values() for i in v)  # a frame's index labels
    reasons = dict(zip(dup["row"], dup["reason"], strict=True))
    assert {reasons[i] for i in pos["T0051"]} == {"appears 3 times; each task id must be unique"}
    assert {reasons[i] for i in pos["T0119"]} == {"appears 2 times; each task id must be unique"}
    loaded = load_tasks(p)
    assert len(loaded) == 197 and loaded["task_id"].is_unique
    assert loaded.attrs["detected"]["copied_rows"].startswith("3 rows left out as exact copies of an earlier row")
    unique = validate_tasks(loaded, as_of="2024-01-01")
    assert "duplicate_task_id" not in set(unique.findings["check"])


@pytest.mark.parametrize("cells", [["T1", "T2", "#N/A", "T4", "#REF!"], ["T#1", "T2"], ["T1", " #N/A"],
                                   ["T1", "#N/A ", None], ["A", "#DIV/0!"]])
def test_excel_errors_in_text_without_hash_skip_the_lookup_with_the_same_answer(cells):
    """Text with no '#' anywhere has no error value; otherwise the per-cell lookup, same message."""
    def outcome(s):
        try:
            excel_errors_or_raise(s, file="f", column="c", lines=np.arange(2, len(s) + 2))
        except SchemaError as e:
            return str(e)
        return None

    fast = outcome(pd.Series(cells, dtype=object))
    general = outcome(pd.Series(cells, dtype="string"))  # the str dtype: looked up cell by cell
    assert fast == general
    expect = {"T1 T2 #N/A T4 #REF!": "values '#N/A', '#REF!' on lines 4, 6", "A #DIV/0!": "value '#DIV/0!' on line 3"}
    key = " ".join(c for c in cells if c)
    assert (fast is None) == (key not in expect) and (fast is None or expect[key] in fast)


def test_repeated_text_dates_hashed_once_give_the_per_cell_errors_and_values(tmp_path):
    """Dates that repeat are hashed once for the Excel check and the date reading: same answers."""
    rng = np.random.default_rng(4)
    n = 300
    created = rng.choice(["2024-05-01", "2024-05-02", " 2024-05-03 ", "", "03/04/2024"], n).astype(object)
    df = pd.DataFrame({"task_id": [f"T{i}" for i in range(n)], "project_id": "P", "estimate_hours": 1,
                       "created": created})
    p = tmp_path / "t.csv"
    df.to_csv(p, index=False)
    with pytest.warns(DataQualityWarning, match=re.escape(
            "67 dates such as 03/04/2024 could be day or month first and no date in the file settles it; read day "
            "first (3 April 2024)")):
        got = load_tasks(p)["created"]
    want = one_by_one([v or None for v in created], DAY_FIRST, as_read=True)
    pd.testing.assert_series_equal(got.reset_index(drop=True), want, check_names=False)
    created[[5, 40, 41]] = ["#REF!", "#REF!", "#N/A"]
    df["created"] = created
    df.to_csv(p, index=False)
    with pytest.raises(SchemaError) as e:
        load_tasks(p)
    with pytest.raises(SchemaError) as per_cell:
        excel_errors_or_raise(pd.Series(created, dtype="string").replace("", None), file=str(p),
                              column="created", lines=np.arange(2, n + 2))
    assert str(e.value) == str(per_cell.value)
    assert "values '#REF!', '#N/A' on lines 7, 42, 43" in str(e.value)


# --- text hashed by object first (parsing.factorize_text) ------------------------------------
def same_factorization(values):
    from pmo_forecast.inputs.parsing import factorize_text

    want_codes, want_uniques = pd.factorize(values, use_na_sentinel=True)
    codes, uniques = factorize_text(values)
    np.testing.assert_array_equal(codes, want_codes)
    assert list(uniques) == list(want_uniques)
    assert all(a is b for a, b in zip(uniques, want_uniques, strict=True))  # the same (first) objects


@pytest.mark.parametrize("seed", range(4))
def test_factorize_text_is_pandas_factorize(seed, tmp_path):
    """Values as the parser gives them (one object per value and chunk), equal strings held by
    different objects, every kind of missing value, mixed types and views: pandas' answer."""
    rng = np.random.default_rng(seed)
    pool = ["a", "b", "", "2024-05-01", "é", None, np.nan, pd.NA, 1, 1.0, True, "1"]
    picks = rng.integers(0, len(pool), 500)
    same_object = np.array([pool[i] for i in picks], dtype=object)
    copies = np.array([("" + pool[i] + "x")[:-1] if isinstance(pool[i], str) else pool[i] for i in picks],
                      dtype=object)  # equal strings, distinct objects
    assert any(a is not b for a, b in zip(same_object, copies, strict=True) if isinstance(a, str) and a)
    for values in (same_object, copies, copies[::-1], copies[3:], copies[:1], copies[:0],
                   np.concatenate([same_object, copies])):
        same_factorization(values)
    same_factorization(copies[::2])  # not contiguous: pandas directly
    p = tmp_path / "t.csv"
    pd.DataFrame({"c": rng.choice(["x", "y", "", "z z"], 300_000)}).to_csv(p, index=False)
    read = pd.read_csv(p, dtype=object, keep_default_na=False, na_values=[""])["c"].to_numpy()
    same_factorization(read)
    cats = as_categories(pd.Series(read))
    pd.testing.assert_series_equal(cats.astype(object), pd.Series(read, dtype=object))


@pytest.mark.parametrize("seed", range(3))
def test_excel_errors_in_dates_read_per_cell_are_found_among_the_unread_cells_only(tmp_path, seed):
    """Dates that rarely repeat are read per cell first; the Excel check then looks only at the cells
    that did not read as dates. Same message (values, every row) as checking every cell."""
    rng = np.random.default_rng(seed)
    n = 400
    stamps = pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, 10**6, n), unit="min")
    created = np.array(stamps.strftime("%Y-%m-%d %H:%M:%S"), dtype=object)
    odd = rng.choice(n, 12, replace=False)
    created[odd] = rng.choice(["#N/A", "#REF!", " #N/A", "", "11/May/24 03:26 PM", "2024-13-05", "#VALUE!",
                               "soon", "05/06/2024 10:00"], 12)
    df = pd.DataFrame({"task_id": [f"T{i}" for i in range(n)], "project_id": "P", "estimate_hours": 1,
                       "created": created})
    p = tmp_path / "t.csv"
    df.to_csv(p, index=False)
    from pmo_forecast.inputs.delimited import read_delimited

    as_read = read_delimited(p)[0]["created"]  # what the loader sees (padding dropped if the file has it)
    col = DateColumn(as_read, file=str(p), column="created", lines=np.arange(2, n + 2))
    assert col.codes is None  # read per cell
    try:
        excel_errors_or_raise(as_read, file=str(p), column="created", lines=np.arange(2, n + 2))
        want = None
    except SchemaError as e:
        want = str(e)
    try:
        load_tasks(p)
        got = None
    except SchemaError as e:
        got = str(e)
    # the lines each seed draws an error value on ('#N/A', padded or not, and '#VALUE!'; no seed draws '#REF!')
    lines = {0: "75, 126, 144, 230, 263, 266, 369", 1: "223, 271, 294", 2: "77, 95, 97, 142, 186, 191, 351, 392"}
    assert want == (f"{p}: column 'created' has the spreadsheet error values '#N/A', '#VALUE!' on lines "
                    f"{lines[seed]}: a formula failed there. Fix the formula (or type the value) in the spreadsheet "
                    "and export again.")
    assert got == want


@pytest.mark.parametrize("seed", range(3))
def test_far_date_limit_skips_missing_dates_like_numpys_quantiles(seed):
    """Missing dates stay in the partition (they sort first) instead of being copied out: same limit."""
    from pmo_forecast.core import schema as S
    from pmo_forecast.core.as_of import FAR_BEYOND, far_date_limit

    rng = np.random.default_rng(seed)
    for n in [2, 3, 5, 50, 333, 4000]:
        cols = {}
        for c in S.FACT_DATES:
            d = pd.Series(pd.Timestamp("2019-06-01") + pd.to_timedelta(rng.integers(0, 2500, n), unit="D"))
            cols[c] = d.mask(rng.random(n) < rng.choice([0.0, 0.4, 0.95]))
        frame = pd.DataFrame(cols)
        v = np.concatenate([frame[c].to_numpy(dtype="datetime64[ns]") for c in cols])
        v = v[~np.isnat(v)].astype(np.int64)
        m = len(v)
        if m < 2:
            assert far_date_limit(frame) is None
            continue
        i_hi, i_lo = int(np.floor((m - 1) * 0.99)), int(np.ceil((m - 1) * 0.01))
        if m > 6:  # the percentiles leave out one row's dates (3) at either end at least
            i_hi, i_lo = min(i_hi, m - 4), max(i_lo, 3)
        hi, lo = np.sort(v)[i_hi], np.sort(v)[i_lo]
        if m > 400:  # past 300 dates, numpy's own percentiles
            assert (hi, lo) == (np.quantile(v, 0.99, method="lower"), np.quantile(v, 0.01, method="higher"))
        assert far_date_limit(frame) == pd.Timestamp(int(hi + max(FAR_BEYOND.value, hi - lo)))
    assert far_date_limit(pd.DataFrame({"created": pd.Series([pd.NaT] * 5 + [pd.Timestamp("2024-01-01")])})) is None


# --- statuses looked up once per distinct value ---------------------------------------------
@pytest.mark.parametrize("seed", range(4))
def test_status_checks_per_distinct_value_match_each_cell(seed):
    """validate_tasks and the unknown-status error look statuses up once per distinct value: the same
    rows as comparing every cell (missing statuses, unknown ones, other types, any dtype)."""
    from pmo_forecast import validate_tasks
    from pmo_forecast.core import schema as S
    from pmo_forecast.inputs.parsing import unknown_statuses_or_raise

    rng = np.random.default_rng(seed)
    n = 300
    pool = np.array(["done", "open", "in_progress", "cancelled", "reviewing", None, 3, "Done"], dtype=object)
    status = pool[rng.integers(0, len(pool), n)]
    frame = pd.DataFrame({"task_id": [f"T{i}" for i in range(n)], "project_id": "P",
                          "estimate_hours": rng.choice([np.nan, 2.0], n), "actual_hours": np.nan,
                          "finished": pd.Timestamp("2024-01-01")})
    known = np.array([isinstance(v, str) and v in S.STATUSES for v in status])
    for dtype in (object, "string", "category"):
        frame["status"] = pd.Series(status, dtype=dtype) if dtype != "string" else \
            pd.Series([v if v is None else str(v) for v in status], dtype="string")
        report = validate_tasks(frame, as_of="2024-06-30")
        found = report.findings

        def rows(check, found=found):
            return sorted(found.loc[found["check"] == check, "row"])

        assert rows("unknown_status") == list(np.flatnonzero(~known))
        done = np.array([v == "done" for v in status])
        assert rows("missing_estimate_done") == list(np.flatnonzero(done & frame["estimate_hours"].isna().to_numpy()))
        unfinished = np.array([isinstance(v, str) and v in S.UNFINISHED_STATUSES for v in status])
        assert rows("finished_but_not_done") == list(np.flatnonzero(unfinished))
    lines = np.arange(2, n + 2)
    text = pd.Series([v if v is None else str(v) for v in status], dtype="string")
    with pytest.raises(SchemaError) as e:
        unknown_statuses_or_raise(text, text, file="f", lines=lines)
    unknown = np.array([v is not None and str(v) not in S.STATUSES for v in status])
    assert e.value.rows == lines[unknown].tolist()
    assert "'reviewing' (lines " + ", ".join(map(str, lines[[v == "reviewing" for v in status]][:10])) in str(e.value)


@pytest.mark.parametrize("dtype", [object, "str"])
def test_dates_read_per_cell_after_a_long_run_of_missing_cells(dtype):
    """The first present cell (past 2,500 missing ones) still picks the fast readers; missing cells
    stay missing and are never reported."""
    stamps = pd.Timestamp("2024-05-01") + pd.to_timedelta(np.arange(3000), unit="min")
    values = [None] * 2500 + list(stamps.strftime("%Y-%m-%d %H:%M:%S")) + [None, "11/May/24 03:26 PM"]
    col = DateColumn(pd.Series(values, dtype=dtype), file="f", column="c", lines=np.arange(2, len(values) + 2))
    assert col.codes is None  # per cell
    detected = {}
    out = col.finish(DAY_FIRST, detected)
    assert out.isna().sum() == 2501 and detected["date_formats"]["c"].startswith("ISO 8601")
    assert out.iloc[2500:5500].tolist() == list(stamps)
    assert out.iloc[-1] == pd.Timestamp("2024-05-11 15:26")
    jira = [None] * 1500 + [f"{d:02d}/May/24 03:26 PM" for d in range(1, 29)] * 20 + ["12/May/24"]
    got = DateColumn(pd.Series(jira, dtype=dtype), file="f", column="c", lines=np.arange(2, len(jira) + 2))
    assert got.finish(DAY_FIRST).iloc[1500:].tolist() == [
        pd.Timestamp(f"2024-05-{d:02d} 15:26") for d in range(1, 29)] * 20 + [pd.Timestamp("2024-05-12")]


@pytest.mark.parametrize("order", [DAY_FIRST, MONTH_FIRST])
@pytest.mark.parametrize("seed", range(3))
def test_dates_read_per_distinct_object_match_each_cell_read_alone(order, seed):
    """Dates too varied to hash by value but whose string objects repeat (the parser shares one per
    value in each chunk) are read once per object: same dates, rows and messages as per cell, also
    when equal strings are held by different objects."""
    rng = np.random.default_rng(seed)
    stamps = pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, 10**6, 700), unit="min")
    pool = list(stamps.strftime("%Y-%m-%d %H:%M:%S")) + DATES + [" 2024-05-03 ", "03/13/2024", "13/03/2024"]
    pool = [p for p in pool if not (order == MONTH_FIRST and p == "13/03/2024")
            and not (order == DAY_FIRST and p == "03/13/2024")]
    picks = rng.integers(0, len(pool), 2000)
    values = np.array([pool[i] for i in picks], dtype=object)
    copies = np.array([("" + v + "x")[:-1] if isinstance(v, str) else v for v in values[:100]], dtype=object)
    values[:100] = copies  # cells equal to others but held by other objects
    lines = np.arange(2, 2002)
    distinct = list(dict.fromkeys(v for v in values if isinstance(v, str))) + [None]
    alone = dict(zip(distinct, one_by_one(distinct, order, True), strict=True))  # each cell read alone
    want = pd.Series([alone[v if isinstance(v, str) else None] for v in values], dtype="datetime64[ns]")
    for s in (pd.Series(values, dtype=object), pd.Series(values, dtype="str")):
        col = DateColumn(s, file="f", column="c", lines=lines)
        assert col.codes is not None and len(col.s) < len(s)  # per distinct object
        d, m = col.evidence()
        want_day = [i for i, v in enumerate(values) if v in ("13/03/2024",)]
        want_month = [i for i, v in enumerate(values) if v in ("03/13/2024",)]
        assert d.tolist() == want_day and m.tolist() == want_month
        pd.testing.assert_series_equal(col.finish(order), want, check_names=False)
    bad = values.copy()
    bad[[7, 300, 1450]] = "soon"
    bad[[9, 1451]] = "2024-02-30"
    with pytest.raises(SchemaError) as e:
        DateColumn(pd.Series(bad, dtype=object), file="f", column="c", lines=lines).finish(order)
    assert e.value.rows == [11, 1453] and "'2024-02-30' on lines 11, 1453" in str(e.value)
    bad[[9, 1451]] = "2024-05-01"
    with pytest.raises(SchemaError) as e:
        DateColumn(pd.Series(bad, dtype=object), file="f", column="c", lines=lines).finish(order)
    assert e.value.rows == [9, 302, 1452] and "must hold dates but has 'soon' on lines 9, 302, 1452." in str(e.value)


@pytest.mark.parametrize("dtype", [object, "str", "string", "category"])
def test_factorize_column_is_pandas_factorize_on_any_text_dtype(dtype):
    from pmo_forecast.inputs.parsing import factorize_column

    values = ["b", None, "a", "b", "", "a", None, "c"] * 50
    s = pd.Series(values, dtype=dtype)
    codes, uniques = factorize_column(s)
    want_codes, want_uniques = pd.factorize(s, use_na_sentinel=True)
    np.testing.assert_array_equal(codes, want_codes)
    assert list(uniques) == list(want_uniques) == ["b", "a", "", "c"]


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("repetitive", [True, False])
def test_page_links_looked_for_in_a_columns_text_first_are_found_as_cell_by_cell(seed, repetitive):
    # an id column's text is searched for Notion's address once; a column holding it is read value by value as
    # before, one lacking it (or holding the address outside a link) keeps every cell
    from pmo_forecast.inputs.cells import NOTION_PAGE_LINK, page_links_dropped

    pool = ["Web (https://www.notion.so/Web-3f1c?pvs=21)", "ERP", None, " see notion.so/x ", "T-1",
            "A (https://notion.so/a1), B (https://www.notion.so/b2)", "notion.so/", "(https://notion.so/)"]
    rng = np.random.default_rng(seed)
    for cells in (list(rng.choice(np.array(pool, dtype=object), 40)), ["ERP", None, " see notion.so/x ", "T-1"]):
        text = pd.Series(cells, dtype="string")
        out, held = page_links_dropped(text, repetitive=repetitive)
        want = np.array([isinstance(v, str) and NOTION_PAGE_LINK.search(v) is not None for v in cells])
        np.testing.assert_array_equal(held, want)
        dropped = [NOTION_PAGE_LINK.sub("", v).strip() or None if h else v for v, h in zip(cells, want, strict=True)]
        assert out.tolist() == [pd.NA if v is None else v for v in dropped]


def test_a_columns_cells_joined_leave_its_blanks_out_and_find_what_a_cell_holds_after_them(tmp_path):
    # joined_lines is the first look at a column (cells_as_shown, scientific_ids, text_marks_off): a column's blanks
    # (dates not yet set) are left out of its text, numbers among its text written as str writes them, and a cell
    # after a run of blanks is found all the same
    from pmo_forecast.inputs.cells import joined_lines

    cells = np.array([None, "a", np.nan, pd.NA, "'=1+1", 5, 1.5e20], dtype=object)
    assert joined_lines(cells) == "a\n'=1+1\n5\n1.5e+20"
    assert joined_lines(np.array([np.nan, "b", None, "c"], dtype=object)) == "b\nc"
    assert joined_lines(["x", "y"]) == "x\ny"
    rows = [["T1", "PRJ-1", "8", "open", "2024-01-02", ""]] * 30 + [["T31", "PRJ-1", "8", "open", "2024-01-02",
                                                                      "'=1+1"]]
    path = tmp_path / "tasks.csv"
    lines = ["task_id,project_id,estimate_hours,status,created,title"]
    lines += [",".join([f"T{i}", *r[1:]]) for i, r in enumerate(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    t = load_tasks(path)
    assert t["title"].iloc[-1] == "=1+1"
    assert t.attrs["detected"]["formula_guards"].startswith("1 cell (title: 1) starts with an apostrophe")


class _Names:
    """Link names that record every value looked up in them (the first look hashes a whole export's names)."""

    def __init__(self, names):
        self.names, self.looked = set(names), []

    def __contains__(self, value):
        self.looked.append(value)
        return value in self.names


def test_links_already_whole_numbers_are_kept_without_a_look_at_the_names():
    # Jira's Parent id holds issue ids (10001) as they are: kept as written, the export's names not looked at; a
    # link spelt otherwise (10001.0, #12) is read as the whole number a row has, and kept when it is a name itself
    from pmo_forecast.inputs.project_links import whole_number_links

    names = _Names(["10001", "12", "7.0", "A-1"])
    values = np.array(["10001", "10001.0", "#12", "7.0", "#99", None, "A-1", "10001"], dtype=object)
    out = whole_number_links(values, names)
    assert out.tolist() == ["10001", "10001", "12", "7.0", "#99", None, "A-1", "10001"]
    # each value spelt otherwise looked up as written, then as its whole number; 10001 and A-1 not at all
    assert names.looked == ["10001.0", "10001", "#12", "12", "7.0", "#99", "99"]


def test_id_columns_without_an_exponents_letter_are_not_searched_for_scientific_notation(tmp_path, monkeypatch):
    # the ids' joined text is searched for a number in scientific notation (1.20457E+18) only when it holds an e or
    # an E: T0001 and PRJ-1 are not searched (the pattern took 0.06 s a column of 300,000 ids); one that holds an
    # exponent, either case, is searched and said as before
    from pmo_forecast.inputs import cells

    searched = []

    class Recorded:
        def search(self, text):
            searched.append(text)
            return pattern.search(text)

    pattern = cells._SCIENTIFIC_IN_TEXT
    monkeypatch.setattr(cells, "_SCIENTIFIC_IN_TEXT", Recorded())
    p = tmp_path / "tasks.csv"
    p.write_text("task_id,project_id,estimate_hours\nT0001,PRJ-1,4\nT0002,PRJ-1,3\n", encoding="utf-8")
    assert load_tasks(p)["task_id"].tolist() == ["T0001", "T0002"] and searched == []
    p.write_text("task_id,project_id,estimate_hours\n1.20457E+18,Dev,4\nT2,Dev,3\n", encoding="utf-8")
    with pytest.warns(DataQualityWarning, match=re.escape("(column 'task_id': 1 id (1.20457E+18; line 2))")):
        assert load_tasks(p)["task_id"].tolist() == ["1.20457E+18", "T2"]
    assert searched == ["1.20457E+18\nT2", "Dev"]  # a project column: its distinct ids
    searched.clear()
    p.write_text("task_id,project_id,estimate_hours\n1.2e+18,P,4\nT2,P,3\n", encoding="utf-8")
    assert load_tasks(p)["task_id"].tolist() == ["1.2e+18", "T2"] and searched == ["1.2e+18\nT2"]


@pytest.mark.parametrize(("written", "marked"), [
    (b"T1,P1,Don't,x\n", False),  # an apostrophe before a letter: the cell's own
    (b"T1,P1,a=b,'\n", False),
    (b"T1,P1,'=1+1\n", True),  # a CSV writer's guard
    (b"T1,P1,''-5 days\n", True),
    (b"T1,'007,x\n", True),  # an id's typed apostrophe
    (b"T1,P1,\"'\"=x\n", True),  # a quoted part closed after the apostrophe: the cell '=x
    (b"T1,=\"0012\",x\n", True),  # an export's text formula
    (b"T1,P1,\"=\"\"0012\"\"\"\n", True),
    (b"T1,P1,Don't,x\n" * 100, False),  # many apostrophes: compared at once
    (b"T1,P1,Don't,x\n" * 100 + b"T2,P1,'=1+1,x\n", True),
    (b"T1,P1,x,a=b\n" * 100 + b'T2,="0012",x\n', True),
])
def test_a_files_bytes_say_whether_a_cell_may_be_read_otherwise_than_written(written, marked):
    assert cell_marks_in(bytearray(written), len(written)) is marked


def test_a_mark_split_between_two_reads_of_a_file_is_found():
    # the bytes are read a megabyte at a time: an apostrophe ending one read, its '=' starting the next
    assert cell_marks_in(bytearray(b"=1+1\n"), 5, before=ord("'")) is True
    assert cell_marks_in(bytearray(b'"0012"\n'), 7, before=ord("=")) is True
    assert cell_marks_in(bytearray(b"t\n"), 2, before=ord("'")) is False


def test_a_guard_across_the_files_first_megabyte_comes_off(tmp_path):
    # a file searched for marks before any column is joined (read_source): its guard at the end of the first read,
    # its formula at the start of the next, still taken off and said
    lines = ["task_id,project_id,estimate_hours,title\n"] + [f"T{i},P1,4,title {i}\n" for i in range(40_000)]
    size = len("".join(lines).encode())
    assert size < 2**20
    lines[-1] = lines[-1][:-1] + "x" * (2**20 - 1 - size - len("T40000,P1,4,")) + "\n"
    lines.append("T40000,P1,4,'=1+1\n")
    path = tmp_path / "tasks.csv"
    path.write_text("".join(lines), encoding="utf-8")
    assert path.read_bytes()[2**20 - 1:2**20 + 1] == b"'="
    got = load_tasks(path)
    assert got["title"].iloc[-1] == "=1+1"
    assert got.attrs["detected"]["formula_guards"].startswith("1 cell (title: 1) starts with an apostrophe")
