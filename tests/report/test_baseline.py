"""``expectations check --baseline``: fail when a score dropped significantly since a report."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from expectations import datasets
from expectations.cli import main


@pytest.fixture(scope="module")
def responses(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    """Return the demo's scores (NPS, CSAT, CES), as the responses table of a run."""
    frame: pd.DataFrame = datasets.load_retail().responses[["nps", "csat", "ces"]].copy()
    return frame


@pytest.fixture(scope="module")
def baseline(responses: pd.DataFrame, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Write the report JSON of the demo scores: the earlier run."""
    folder = tmp_path_factory.mktemp("baseline")
    data = folder / "responses.csv"
    responses.to_csv(data, index=False)
    out = folder / "previous.json"
    assert main(["report", "--responses", str(data), "--format", "json", "-o", str(out)]) == 0
    return out


def _check(frame: pd.DataFrame, tmp_path: Path, *extra: str) -> int:
    data = tmp_path / "now.csv"
    frame.to_csv(data, index=False)
    return main(["check", "--responses", str(data), *extra])


def test_same_data_is_no_change(responses: pd.DataFrame, baseline: Path, tmp_path: Path,
                                capsys: pytest.CaptureFixture[str]) -> None:
    """The same data against its own report: every score 'no significant change', exit 0."""
    assert _check(responses, tmp_path, "--baseline", str(baseline)) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split(" since")[0] for line in out[:3]] == ["PASS nps", "PASS csat",
                                                            "PASS ces"]
    assert all(line.endswith("p = 1.0000: no significant change") for line in out[:3])
    assert "difference +0.0 points (95% interval" in out[0]
    assert out[-1] == "no significant drop since the baseline (3 scores compared)."


def _lowered(responses: pd.DataFrame, share: float) -> pd.DataFrame:
    """Turn ``share`` of the promoters into detractors (answer 3)."""
    frame = responses.copy()
    promoters = np.flatnonzero(frame["nps"].ge(9).fillna(False).to_numpy(dtype=bool))
    chosen = promoters[: int(len(promoters) * share)]
    frame.loc[frame.index[chosen], "nps"] = 3
    return frame


def test_lowered_nps_fails(responses: pd.DataFrame, baseline: Path, tmp_path: Path,
                           capsys: pytest.CaptureFixture[str]) -> None:
    """NPS lowered by about ten points: 'dropped significantly', exit 1; CSAT and CES pass."""
    assert _check(_lowered(responses, 0.1), tmp_path, "--baseline", str(baseline)) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("FAIL nps since the baseline: 28.1 -> ")
    assert "p < 0.0001: dropped significantly" in out[0]
    assert out[1].startswith("PASS csat")
    assert out[2].startswith("PASS ces")
    assert out[-1] == "1 of 3 scores dropped significantly since the baseline."


def test_raised_nps_passes(responses: pd.DataFrame, baseline: Path, tmp_path: Path,
                           capsys: pytest.CaptureFixture[str]) -> None:
    """A significant rise is reported as such and passes."""
    frame = responses.copy()
    frame.loc[frame["nps"].le(6).fillna(False).to_numpy(dtype=bool), "nps"] = 10
    assert _check(frame, tmp_path, "--baseline", str(baseline)) == 0
    assert "rose significantly" in capsys.readouterr().out.splitlines()[0]


def test_tiny_samples_are_no_significant_change(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """Twelve answers each, NPS 50 then 8.3: too few to call it a drop, exit 0."""
    before = pd.DataFrame({"nps": [10] * 7 + [8] * 4 + [3]})
    before.to_csv(tmp_path / "before.csv", index=False)
    previous = tmp_path / "previous.json"
    assert main(["report", "--responses", str(tmp_path / "before.csv"), "--format", "json",
                 "-o", str(previous)]) == 0
    after = pd.DataFrame({"nps": [10] * 4 + [8] * 5 + [3] * 3})
    assert _check(after, tmp_path, "--baseline", str(previous)) == 0
    line = capsys.readouterr().out.splitlines()[0]
    assert line.startswith("PASS nps since the baseline: 50.0 -> 8.3, difference -41.7 points")
    assert line.endswith("no significant change")


def test_baseline_with_thresholds(responses: pd.DataFrame, baseline: Path, tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    """Thresholds and the baseline are judged together; a missed threshold fails alone."""
    assert _check(responses, tmp_path, "--min-nps", "90", "--baseline", str(baseline)) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("FAIL nps: 28.1 (estimate) < minimum 90")
    assert out[-1] == ("1 of 1 threshold missed; no significant drop since the baseline "
                       "(3 scores compared).")


def test_demo_report_as_baseline(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The demo report's JSON as the baseline of the demo itself: no change."""
    previous = tmp_path / "demo.json"
    assert main(["report", "--demo", "--format", "json", "-o", str(previous)]) == 0
    assert main(["check", "--demo", "--baseline", str(previous)]) == 0
    assert capsys.readouterr().out.count("no significant change") == 3


def _broken(document: dict[str, object], change: str) -> object:
    sections = document["sections"]
    assert isinstance(sections, list)
    if change == "schema":
        return {**document, "schema_version": "2.0"}
    if change == "no scores":
        return {**document, "sections": [s for s in sections if s["key"] not in
                                          ("nps", "csat", "ces")]}
    if change in ("bad n", "no shares"):
        edited = json.loads(json.dumps(sections))
        nps = next(s for s in edited if s["key"] == "nps")
        row = next(t for t in nps["tables"] if t["name"] == "overall")["rows"][0]
        if change == "bad n":
            row["n"] = "many"
        else:
            del row["promoter_share"]
        return {**document, "sections": edited}
    return {"a": 1}


@pytest.mark.parametrize(("change", "words"), [
    ("schema", "schema version '2.0'"),
    ("no scores", "no NPS, CSAT or CES section"),
    ("bad n", "overall n is 'many'"),
    ("no shares", "lacks promoter_share"),
    ("not a report", "this file is not one"),
])
def test_bad_baseline_is_one_line_exit_2(baseline: Path, tmp_path: Path, change: str,
                                         words: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A baseline that is not a usable report JSON: exit 2, one line naming the file."""
    document = json.loads(baseline.read_text(encoding="utf-8"))
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(_broken(document, change)), encoding="utf-8")
    assert main(["check", "--demo", "--baseline", str(bad)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"expectations: error: {bad}: --baseline must be a report JSON")
    assert words in lines[0]


@pytest.mark.parametrize("text", ["{", "not json at all", ""])
def test_malformed_or_missing_baseline(tmp_path: Path, text: str,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    """Malformed JSON, or no file at all, is exit 2 with one line."""
    bad = tmp_path / "bad.json"
    bad.write_text(text, encoding="utf-8")
    for path in (bad, tmp_path / "absent.json"):
        assert main(["check", "--demo", "--baseline", str(path)]) == 2
        lines = capsys.readouterr().err.splitlines()
        assert len(lines) == 1
        assert "--baseline" in lines[0]


def test_no_score_in_common(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A baseline with CSAT only against data with NPS only: exit 2, saying so."""
    pd.DataFrame({"csat": [5, 4, 3] * 20}).to_csv(tmp_path / "before.csv", index=False)
    previous = tmp_path / "previous.json"
    assert main(["report", "--responses", str(tmp_path / "before.csv"), "--format", "json",
                 "-o", str(previous)]) == 0
    assert _check(pd.DataFrame({"nps": [10, 3] * 20}), tmp_path, "--baseline",
                  str(previous)) == 2
    assert "no score in common" in capsys.readouterr().err
