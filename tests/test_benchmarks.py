"""The benchmark that counts issue 13's 77 rows (``benchmarks/bench_accuracy_rows.py``): its rows and its counts."""

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "bench_accuracy_rows.py"


@pytest.fixture(scope="module")
def rows_bench():
    spec = importlib.util.spec_from_file_location("bench_accuracy_rows", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_rows_are_the_77_the_readme_counts(rows_bench, tmp_path):
    # the README's "61 of 77 rows": SiP at four test shares, the sample, six shapes x seeds 0-11, at 0.3
    sip = tmp_path / "sip"
    sip.mkdir()
    rows = rows_bench.rows(sip, rows_bench.seeds_range("0-11"))
    assert len(rows) == 77
    assert [(r[0], r[3]) for r in rows[:6]] == [("SiP 0.2", 0.2), ("SiP 0.3", 0.3), ("SiP 0.4", 0.4),
                                               ("SiP 0.5", 0.5), ("sample 0.3", 0.3), ("one_person 0", 0.3)]
    assert rows[-1][0] == "one_person_grid 11"
    assert {r[1] for r in rows} == {"SiP", "sample", "one_person", "drift", "step", "coarse_grid", "skewed",
                                    "one_person_grid"}
    # without the SiP folder its four rows are left out, not failed
    assert len(rows_bench.rows(tmp_path / "absent", range(12))) == 73
    assert rows_bench.seeds_range("3") == [3] and rows_bench.seeds_range("0,4,7-9") == [0, 4, 7, 8, 9]


def test_the_counts_are_the_readmes_targets(rows_bench):
    table = pd.DataFrame({"group": ["SiP", "SiP", "drift"], "max_cal_err": [0.02, 0.0201, 0.0],
                          "vs_best_baseline": [-0.03, -0.05, -0.029]})
    assert rows_bench.counts(table) == (
        "2 of 3 rows within 0.02 (max calibration error), 1 meet both targets (and pinball <= -3% against the "
        "best baseline); mean max calibration error 0.0134, mean pinball against the best baseline -3.63%\n"
        "within 0.02 by group: SiP 1 of 2, drift 1 of 1")


def test_a_subset_runs_and_says_sip_is_left_out(rows_bench, tmp_path, capsys):
    table = rows_bench.main(["--only", "sample", "--sip-dir", str(tmp_path / "absent")])
    out = capsys.readouterr().out
    assert out.startswith("machine: ")
    assert f"SiP left out: no folder {tmp_path / 'absent'} (its four rows are not run or counted)" in out
    assert table.index.tolist() == ["sample 0.3"]
    # the bundled sample's row as the README and the lab book (stop 74) give it: 0.0000, -4.67%, 1.007
    assert table.loc["sample 0.3", "max_cal_err"] == pytest.approx(0.0, abs=5e-5)
    assert table.loc["sample 0.3", "vs_best_baseline"] == pytest.approx(-0.0467, abs=5e-5)
    assert table.loc["sample 0.3", "means_ratio"] == pytest.approx(1.007, abs=5e-4)
    assert "1 of 1 rows within 0.02" in out


def test_only_picks_groups_and_rows_by_their_whole_names(rows_bench, tmp_path):
    todo = rows_bench.rows(tmp_path / "absent", [1, 10])
    picked = rows_bench.selected(todo, "one_person, skewed 1")
    assert [r[0] for r in picked] == ["one_person 1", "one_person 10", "skewed 1"]
