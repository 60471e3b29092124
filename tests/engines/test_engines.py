"""Every count-based function gives the pandas result through every engine.

The reference is the pandas path of the same rows: the function called with
``data=`` a pandas DataFrame, which passes the columns as Series to the
in-memory (numpy) code, itself checked against published values in each
function's own tests; :func:`test_pandas_data_is_the_array_form` ties that
path to the array form. Each engine's frame is built from the same pandas
rows (:mod:`tests.engines._frames`), so a difference is the engine layer's.
Results must be equal: counts exactly, floats to a relative 1e-12; bad
input must raise the same error class with the same message.

Spark runs a representative subset (each function once by a key, once
weighted, three bad inputs) on one session with one frame per dataset; Dask
runs on the synchronous scheduler, and once on a two-worker cluster.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import attrs
import numpy as np
import pandas as pd
import pytest
from tests.engines._frames import (
    ENGINES,
    REGIONS,
    SEGMENTS,
    as_engine,
    as_pandas,
    assert_same,
    result_library,
    survey,
    with_cell,
    with_missing,
)

import expectations as ex

COMMITMENT = ex.Commitment(name="two-day delivery", metric="days", target=2, unit="days")

Col = Callable[[str], Any]


@attrs.frozen
class Fn:
    """A count-based function: how to call it with column names (or Series)."""

    name: str
    #: call(col, by, weights, missing, extra) -> result; ``col`` resolves a column name.
    call: Callable[..., object]
    #: The column holding the answers: bad values are put there.
    answers: str
    weighted: bool = False
    needs_by: bool = False


def _nps(c: Col, by: Any, w: Any, m: str, **kw: Any) -> object:
    return ex.nps(c("score"), by=by, weights=w, missing=m, **kw)


def _top_box(c: Col, by: Any, w: Any, m: str, **kw: Any) -> object:
    return ex.top_box(c("ces"), scale=ex.Scale(1, 7), top=3, by=by, weights=w, missing=m, **kw)


def _csat(c: Col, by: Any, w: Any, m: str, **kw: Any) -> object:
    return ex.csat(c("csat"), by=by, weights=w, missing=m, **kw)


def _ces(c: Col, by: Any, w: Any, m: str, **kw: Any) -> object:
    return ex.ces(c("ces"), by=by, weights=w, missing=m, **kw)


def _funnel(c: Col, by: Any, w: Any, m: str, **kw: Any) -> object:
    return ex.funnel(c("score"), by=by, weights=w, missing=m, **kw)


def _league(c: Col, by: Any, w: Any, m: str, **kw: Any) -> object:
    return ex.league_table(c("csat"), by=by, metric="csat", weights=w, missing=m,
                           n_resamples=200, rng=3, **kw)


def _compare(c: Col, by: Any, w: Any, m: str, **kw: Any) -> object:
    return ex.compare_segments(c("score"), by, missing=m, **kw)


def _consistency(c: Col, by: Any, w: Any, m: str, **kw: Any) -> object:
    return ex.consistency(c("csat"), by, metric="csat", missing=m, **kw)


def _trend(c: Col, by: Any, w: Any, m: str, **kw: Any) -> object:
    return ex.trend(c("score"), c("date"), by=by, freq="Q", missing=m, **kw)


def _kano(c: Col, by: Any, w: Any, m: str, **kw: Any) -> object:
    return ex.kano(c("functional"), c("dysfunctional"), feature=by, missing=m, **kw)


def _tolerance(c: Col, by: Any, w: Any, m: str, **kw: Any) -> object:
    return ex.tolerance_zone(c("perceived"), c("adequate"), c("desired"), by=by,
                             scale=ex.Scale(1, 9), missing=m, **kw)


def _fulfilment(c: Col, by: Any, w: Any, m: str, **kw: Any) -> object:
    return ex.fulfilment(COMMITMENT, c("days"), by=by, missing=m, **kw)


FUNCTIONS = {f.name: f for f in (
    Fn("nps", _nps, "score", weighted=True),
    Fn("top_box", _top_box, "ces", weighted=True),
    Fn("csat", _csat, "csat", weighted=True),
    Fn("ces", _ces, "ces", weighted=True),
    Fn("funnel", _funnel, "score", weighted=True, needs_by=True),
    Fn("league_table", _league, "csat", weighted=True, needs_by=True),
    Fn("compare_segments", _compare, "score", needs_by=True),
    Fn("consistency", _consistency, "csat", needs_by=True),
    Fn("trend", _trend, "score"),
    Fn("kano", _kano, "functional"),
    Fn("tolerance_zone", _tolerance, "perceived"),
    Fn("fulfilment", _fulfilment, "days"),
)}

#: Every column a function scores, made missing in the "missing" dataset.
ANSWERS = ("score", "csat", "ces", "functional", "dysfunctional", "perceived", "adequate",
           "desired", "days")


@attrs.frozen
class Variant:
    """How a function is called: keys, weights, missing policy, and on which rows."""

    keys: tuple[str, ...] = ()
    weighted: bool = False
    missing: str = "raise"
    dataset: str = "base"


VARIANTS = {
    "plain": Variant(),
    "by1": Variant(("seg",)),
    "by2": Variant(("seg", "reg")),
    "weighted": Variant(weighted=True),
    "weighted-by1": Variant(("seg",), weighted=True),
    "weighted-by2": Variant(("seg", "reg"), weighted=True),
    "drop-missing": Variant(missing="drop", dataset="missing"),
    "drop-missing-by1": Variant(("seg",), missing="drop", dataset="missing"),
    "drop-missing-weighted-by2": Variant(("seg", "reg"), weighted=True, missing="drop",
                                         dataset="missing"),
    # Only for the odd dtypes: an integer key.
    "store": Variant(("store",)),
}
#: The variants of the main matrix.
MATRIX_VARIANTS = tuple(name for name in VARIANTS if name != "store")


def _applies(fn: Fn, variant: Variant) -> bool:
    return (fn.weighted or not variant.weighted) and (variant.keys or not fn.needs_by)


#: Weights whose squares overflow (1e300), that pandas rescales though their squares do
#: not overflow (1e151: pandas rescales weights above 1e150 to average 1), and whose
#: squares underflow to zero (1e-170).
_WEIGHT_SCALES = {"huge-weights": 1e300, "large-weights": 1e151, "tiny-weights": 1e-170}


@functools.cache
def dataset(name: str) -> pd.DataFrame:
    """Build the rows of a dataset (once: callers must not change them)."""
    base = survey()
    if name == "base":
        return base
    if name == "missing":
        # Missing answers and missing keys, on different rows (and some on the same).
        gaps = with_missing(base, ANSWERS, every=7, start=2)
        return with_missing(gaps, ["seg", "reg"], every=11, start=3)
    if name in _WEIGHT_SCALES:
        scaled = base.copy()
        scaled["w"] = scaled["w"] * _WEIGHT_SCALES[name]
        return scaled
    raise KeyError(name)


# ------------------------------------------------------------------ running a call


@attrs.frozen
class Raised:
    """What a call raised: compared by class and message."""

    kind: type[BaseException]
    message: str


@attrs.frozen
class Outcome:
    """What a call gave (a result or :class:`Raised`) and the library's warnings on the way."""

    value: object
    warned: tuple[tuple[type[Warning], str], ...]


# pyspark's warnings about itself on pandas 3 (also ignored by pyproject's filters, but
# recorded here) are not the engine layer's to compare. Any other warning that is not the
# library's own is re-issued, so that it fails the test (filterwarnings = error).
_FOREIGN = ("PySpark does not yet fully support", "The copy keyword is deprecated")


def outcome(thunk: Callable[[], object]) -> Outcome:
    """Run a call: its result, or what it raised, with the warnings the library gave."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            value: object = thunk()
        except Exception as exc:  # any error is compared with pandas' one
            value = Raised(type(exc), str(exc))
    ours = []
    for w in caught:
        if w.category.__module__.startswith("expectations"):
            ours.append((w.category, str(w.message)))
        elif not str(w.message).startswith(_FOREIGN):
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return Outcome(value, tuple(ours))


def call(fn: Fn, variant: Variant, data: object, *, answers: str | None = None) -> object:
    """Call ``fn`` with column names on ``data`` (``answers`` renames its answer column)."""
    def col(name: str) -> str:
        return answers if answers is not None and name == fn.answers else name

    by = None if not variant.keys else (
        variant.keys[0] if len(variant.keys) == 1 else list(variant.keys))
    weights = "w" if variant.weighted else None
    return fn.call(col, by, weights, variant.missing, data=data)


def call_arrays(fn: Fn, variant: Variant, frame: pd.DataFrame) -> object:
    """Call ``fn`` with the columns of a pandas frame as Series (the array form)."""
    def col(name: str) -> pd.Series:
        return frame[name]

    by = None if not variant.keys else (
        frame[variant.keys[0]] if len(variant.keys) == 1 else [frame[k] for k in variant.keys])
    weights = frame["w"] if variant.weighted else None
    return fn.call(col, by, weights, variant.missing)


def assert_as_pandas(engine: str, got_outcome: Outcome, want_outcome: Outcome, *,
                     grouped: bool = True) -> None:
    """Assert an engine's outcome equals pandas': the same result or error, the same warnings.

    A table of groups (``grouped``: the call had by=) comes back in the
    engine's library; any other result as the pandas path gives it.
    """
    got, want = got_outcome.value, want_outcome.value
    if isinstance(want, Raised):
        assert isinstance(got, Raised), f"{engine} gave a result where pandas raised {want}"
        assert (got.kind, got.message) == (want.kind, want.message)
    else:
        assert not isinstance(got, Raised), f"{engine} raised {got.kind.__name__}: {got.message}"
        if isinstance(want, pd.DataFrame):
            library = type(got).__module__.split(".", 1)[0]
            expected = result_library(engine) if grouped else "pandas"
            assert library == expected, f"{engine} returned {type(got)}"
            keys = [n for n in want.index.names if n is not None]
            got = as_pandas(got, keys)
        assert_same(got, want)
    assert got_outcome.warned == want_outcome.warned


@functools.cache
def reference(fn_name: str, variant_name: str) -> Outcome:
    """Give the pandas path's outcome of a function and variant (computed once)."""
    variant = VARIANTS[variant_name]
    frame = dataset(variant.dataset)
    return outcome(lambda: call(FUNCTIONS[fn_name], variant, frame.copy()))


# ------------------------------------------------------------------ engines as fixtures


@pytest.fixture
def synchronous_dask() -> Iterator[None]:
    """Dask's synchronous scheduler: no threads, so a failure points at the line."""
    import dask

    with dask.config.set(scheduler="synchronous"):
        yield


@pytest.fixture(scope="module")
def spark_frames(spark: Any) -> Callable[[str, pd.DataFrame], object]:
    """One Spark frame per dataset for the whole module (building one is a Spark job)."""
    built: dict[str, object] = {}

    def frame(name: str, rows: pd.DataFrame) -> object:
        if name not in built:
            built[name] = as_engine("pyspark", rows, spark)
        return built[name]

    return frame


@pytest.fixture
def frame_of(request: pytest.FixtureRequest) -> Callable[[str, str, pd.DataFrame], object]:
    """Build a dataset's frame for an engine; Dask synchronous, Spark from the shared cache."""
    def build(engine: str, name: str, rows: pd.DataFrame) -> object:
        if engine == "dask":
            request.getfixturevalue("synchronous_dask")
        if engine == "pyspark":
            return request.getfixturevalue("spark_frames")(name, rows)
        return as_engine(engine, rows)

    return build


# ------------------------------------------------------------------ the matrix


def _richest(fn: Fn) -> str:
    """Name the variant that does most at once: weighted, keyed, missing values dropped."""
    return "drop-missing-weighted-by2" if fn.weighted else "drop-missing-by1"


#: The variants Dask and Spark run, each a job of a few tenths of a second.
SUBSETS: dict[str, Callable[[Fn], tuple[str, ...]]] = {
    "dask": lambda fn: (_richest(fn),),
    "pyspark": lambda fn: ("by1", _richest(fn)),
}


def _matrix() -> Iterator[Any]:
    for fn in FUNCTIONS.values():
        for vname in MATRIX_VARIANTS:
            if _applies(fn, VARIANTS[vname]):
                for engine in ("polars", "polars-lazy", "pyarrow", "duckdb"):
                    yield pytest.param(engine, fn.name, vname, id=f"{engine}-{fn.name}-{vname}")
        for engine, subset in SUBSETS.items():
            for vname in subset(fn):
                yield pytest.param(engine, fn.name, vname, id=f"{engine}-{fn.name}-{vname}")


@pytest.mark.parametrize(("engine", "fn_name", "variant_name"), list(_matrix()))
def test_engine_equals_pandas(engine: str, fn_name: str, variant_name: str,
                              frame_of: Callable[..., object]) -> None:
    """Each engine gives the pandas path's result of the same rows."""
    fn, variant = FUNCTIONS[fn_name], VARIANTS[variant_name]
    want = reference(fn_name, variant_name)
    assert not isinstance(want.value, Raised), f"the reference itself raised: {want}"
    data = frame_of(engine, variant.dataset, dataset(variant.dataset))
    assert_as_pandas(engine, outcome(lambda: call(fn, variant, data)), want,
                     grouped=bool(variant.keys))


@pytest.mark.parametrize("variant_name", ["by2", "weighted-by1", "drop-missing-by1"])
@pytest.mark.parametrize("fn_name", list(FUNCTIONS))
def test_pandas_data_is_the_array_form(fn_name: str, variant_name: str) -> None:
    """data= a pandas frame gives exactly what the columns as Series give."""
    fn, variant = FUNCTIONS[fn_name], VARIANTS[variant_name]
    if not _applies(fn, variant):
        variant = attrs.evolve(variant, weighted=False)
    frame = dataset(variant.dataset)
    want = outcome(lambda: call_arrays(fn, variant, frame.copy()))
    assert not isinstance(want.value, Raised), f"the array form raised: {want}"
    assert_as_pandas("pandas", outcome(lambda: call(fn, variant, frame.copy())), want,
                     grouped=bool(variant.keys))


@pytest.mark.parametrize("fn_name", list(FUNCTIONS))
def test_counted_in_the_engine(fn_name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A function with a counter gives its result without collecting the rows.

    A function without one falls back to the rows (and the matrix still
    holds); this test then has nothing to check.
    """
    from expectations.engine import _dispatch
    from expectations.engine._registry import counters

    fn = FUNCTIONS[fn_name]
    func = getattr(ex, fn_name)
    if f"{func.__module__}:{func.__qualname__}" not in counters():
        pytest.skip(f"{fn_name} has no counter: it is computed from the collected rows")

    def no_rows(*args: object) -> None:
        raise AssertionError(f"{fn_name} collected the rows")

    monkeypatch.setattr(_dispatch, "collect", no_rows)
    variant = VARIANTS[_richest(fn)]
    data = as_engine("polars-lazy", dataset(variant.dataset))
    assert_as_pandas("polars-lazy", outcome(lambda: call(fn, variant, data)),
                     reference(fn_name, _richest(fn)))


# ------------------------------------------------------------------ bad input


def _bad_value(fn: Fn, value: object) -> Callable[[pd.DataFrame], pd.DataFrame]:
    def make(rows: pd.DataFrame) -> pd.DataFrame:
        cell = value
        if not pd.api.types.is_numeric_dtype(rows[fn.answers].dtype) and value is not None:
            # A text answer column (Kano's labels) gets the value as text, as a CSV gives it.
            cell = "nan" if isinstance(value, float) and np.isnan(value) else str(value)
        return with_cell(rows, fn.answers, 5, cell)
    return make


def _text_column(fn: Fn) -> Callable[[pd.DataFrame], pd.DataFrame]:
    def make(rows: pd.DataFrame) -> pd.DataFrame:
        out = rows.copy()
        out[fn.answers] = out[fn.answers].astype(str).astype(object)
        return out
    return make


def _weight(value: float) -> Callable[[Fn], Callable[[pd.DataFrame], pd.DataFrame]]:
    return lambda fn: lambda rows: with_cell(rows, "w", 4, value)


@attrs.frozen
class Bad:
    """A kind of bad input: how the rows are spoiled, and how the function is called."""

    spoil: Callable[[Fn], Callable[[pd.DataFrame], pd.DataFrame]]
    variant: Variant = Variant(("seg",))
    needs_weights: bool = False
    #: Call with a column the frame does not have.
    absent_column: bool = False


BAD = {
    "value-11": Bad(lambda fn: _bad_value(fn, 11)),
    "value-3.5": Bad(lambda fn: _bad_value(fn, 3.5)),
    "nan-with-raise": Bad(lambda fn: _bad_value(fn, np.nan)),
    "text-column": Bad(_text_column),
    "negative-weight": Bad(_weight(-1.0), Variant(("seg",), weighted=True), needs_weights=True),
    "nan-weight": Bad(_weight(np.nan), Variant(("seg",), weighted=True), needs_weights=True),
    "inf-weight": Bad(_weight(np.inf), Variant(weighted=True), needs_weights=True),
    "zero-weights": Bad(lambda fn: lambda rows: rows.assign(w=0.0),
                        Variant(("seg",), weighted=True), needs_weights=True),
    "missing-key-with-raise": Bad(lambda fn: lambda rows: with_cell(rows, "seg", 6, None)),
    "missing-column": Bad(lambda fn: lambda rows: rows, absent_column=True),
    "empty-frame": Bad(lambda fn: lambda rows: rows.iloc[:0]),
    "empty-frame-by2": Bad(lambda fn: lambda rows: rows.iloc[:0], Variant(("seg", "reg"))),
}

#: Every function meets every kind of bad input in a Polars LazyFrame, a PyArrow table
#: and a DuckDB relation; eager Polars, Dask and Spark (a few tenths of a second a
#: call) meet some kinds through NPS, and Dask a Kano answer off the scale.
BAD_SUBSETS = {
    "polars": {"nps": tuple(BAD)},
    "dask": {"nps": ("value-11", "nan-with-raise", "negative-weight", "missing-key-with-raise",
                     "missing-column", "empty-frame"),
             "kano": ("value-11",)},
    "pyspark": {"nps": ("value-11", "negative-weight", "missing-column")},
}


def _bad_matrix() -> Iterator[Any]:
    for fn in FUNCTIONS.values():
        for bname, bad in BAD.items():
            if bad.needs_weights and not fn.weighted:
                continue
            for engine in ENGINES[1:]:
                subset = BAD_SUBSETS.get(engine)
                if subset is None or bname in subset.get(fn.name, ()):
                    yield pytest.param(engine, fn.name, bname, id=f"{engine}-{fn.name}-{bname}")


@functools.cache
def _bad_rows(fn_name: str, bad_name: str) -> pd.DataFrame:
    return BAD[bad_name].spoil(FUNCTIONS[fn_name])(dataset("base"))


def _bad_call(fn: Fn, bad: Bad, data: object) -> object:
    variant = bad.variant
    if fn.needs_by and not variant.keys:
        variant = attrs.evolve(variant, keys=("seg",))
    return call(fn, variant, data, answers="no_such_column" if bad.absent_column else None)


@pytest.mark.parametrize(("engine", "fn_name", "bad_name"), list(_bad_matrix()))
def test_bad_input_raises_as_pandas(engine: str, fn_name: str, bad_name: str,
                                    frame_of: Callable[..., object]) -> None:
    """Bad input raises the pandas path's error class and message through every engine.

    Where pandas accepts the input (3.5 is a fine delivery time), the engine
    must give its result instead.
    """
    fn, bad = FUNCTIONS[fn_name], BAD[bad_name]
    rows = _bad_rows(fn_name, bad_name)
    want = outcome(lambda: _bad_call(fn, bad, rows.copy()))
    data = frame_of(engine, f"bad:{fn_name}:{bad_name}", rows)
    assert_as_pandas(engine, outcome(lambda: _bad_call(fn, bad, data)), want,
                     grouped=bool(bad.variant.keys) or fn.needs_by)


@pytest.mark.parametrize("bad_name", list(BAD))
def test_bad_inputs_are_bad_for_nps(bad_name: str) -> None:
    """Every kind of bad input makes the pandas path of NPS raise (so the matrix tests errors).

    The messages name the value and where it is, or the columns there are.
    """
    fn = FUNCTIONS["nps"]
    bad = BAD[bad_name]
    got = outcome(lambda: _bad_call(fn, bad, _bad_rows("nps", bad_name).copy()))
    raised = got.value
    assert isinstance(raised, Raised), f"pandas accepted {bad_name}"
    assert issubclass(raised.kind, ex.errors.ExpectationsError)
    expected = {"value-11": "(first: 11.0 at position 5)",
                "value-3.5": "(first: 3.5 at position 5)",
                "missing-column": "it has 'score', 'csat', 'ces', 'seg'"}
    assert expected.get(bad_name, "") in raised.message


# ------------------------------------------------------------------ odd dtypes


def _retyped(column_kind: str) -> Callable[[Fn, pd.DataFrame], pd.DataFrame]:
    def make(fn: Fn, rows: pd.DataFrame) -> pd.DataFrame:
        out = rows.copy()
        if column_kind == "Int64-with-nulls":
            values = out[fn.answers].astype("Int64")
            values.iloc[::9] = pd.NA
            out[fn.answers] = values
        else:
            out[fn.answers] = out[fn.answers].astype(column_kind)
        return out
    return make


def _category_keys(fn: Fn, rows: pd.DataFrame) -> pd.DataFrame:
    out = rows.copy()
    out["seg"] = pd.Categorical(out["seg"], categories=SEGMENTS)
    out["reg"] = pd.Categorical(out["reg"], categories=REGIONS)
    return out


def _shuffled(fn: Fn, rows: pd.DataFrame) -> pd.DataFrame:
    # Index labels in shuffled order: pandas aligns by label, every other engine by position.
    return rows.sample(frac=1.0, random_state=5)


@attrs.frozen
class Odd:
    """Rows of an unusual type, and the variant that exercises them."""

    rows: Callable[[Fn, pd.DataFrame], pd.DataFrame]
    variant: str = "by1"
    #: Only for functions whose answers are integers on a scale.
    integer_answers: bool = True
    engines: tuple[str, ...] = ("polars", "polars-lazy", "pyarrow")


ODD = {
    "int8-answers": Odd(_retyped("int8"), engines=("polars", "pyarrow", "duckdb")),
    "uint8-answers": Odd(_retyped("uint8"), "weighted-by2"),
    "float32-answers": Odd(_retyped("float32"), "weighted-by1"),
    "Int64-with-nulls": Odd(_retyped("Int64-with-nulls"), "drop-missing-by1"),
    # Polars' Categorical does not keep pandas' order of categories: it has its own
    # test (test_native_categorical_keys), against the frame's own to_pandas().
    "category-keys": Odd(_category_keys, "by2", integer_answers=False,
                         engines=("pyarrow", "duckdb")),
    "integer-keys": Odd(lambda fn, rows: rows, "store", integer_answers=False),
    "shuffled-rows": Odd(_shuffled, "weighted-by2", integer_answers=False),
    "huge-weights": Odd(lambda fn, rows: dataset("huge-weights").copy(), "weighted-by2",
                        integer_answers=False, engines=("polars", "pyarrow", "duckdb")),
    "huge-weights-plain": Odd(lambda fn, rows: dataset("huge-weights").copy(), "weighted",
                              integer_answers=False, engines=("polars", "pyarrow", "duckdb")),
    "large-weights": Odd(lambda fn, rows: dataset("large-weights").copy(), "weighted-by2",
                         integer_answers=False, engines=("polars", "duckdb")),
    "tiny-weights": Odd(lambda fn, rows: dataset("tiny-weights").copy(), "weighted-by1",
                        integer_answers=False, engines=("polars", "duckdb")),
}

#: Functions whose answers are integers on a scale, one or two through each kind of counter.
_INTEGER_ANSWERS = ("nps", "ces", "funnel", "compare_segments", "consistency", "trend")

def _odd_matrix() -> Iterator[Any]:
    for oname, odd in ODD.items():
        for fn in FUNCTIONS.values():
            variant = VARIANTS[odd.variant]
            if odd.integer_answers and fn.name not in _INTEGER_ANSWERS:
                continue
            if oname.endswith(("-weights", "-weights-plain")) and not fn.weighted:
                continue
            if variant.weighted and not fn.weighted:
                variant_name = "by2" if len(variant.keys) == 2 else "by1"
            else:
                variant_name = odd.variant
            if not _applies(fn, VARIANTS[variant_name]):
                continue
            for engine in odd.engines:
                yield pytest.param(engine, fn.name, oname, variant_name,
                                   id=f"{engine}-{fn.name}-{oname}")


@pytest.mark.parametrize(("engine", "fn_name", "odd_name", "variant_name"), list(_odd_matrix()))
def test_odd_dtypes_equal_pandas(engine: str, fn_name: str, odd_name: str, variant_name: str,
                                 frame_of: Callable[..., object]) -> None:
    """Odd types, shuffled rows and huge weights give the pandas result of the same rows.

    Small integers, Float32, nullable integers with nulls, categorical and
    integer keys.
    """
    fn, variant = FUNCTIONS[fn_name], VARIANTS[variant_name]
    rows = ODD[odd_name].rows(fn, dataset(variant.dataset))
    want = outcome(lambda: call(fn, variant, rows.copy()))
    assert not isinstance(want.value, Raised), f"the reference itself raised: {want}"
    data = frame_of(engine, f"odd:{fn_name}:{odd_name}", rows)
    assert_as_pandas(engine, outcome(lambda: call(fn, variant, data)), want,
                     grouped=bool(variant.keys))


def _polars_keys(kind: str) -> Callable[[pd.DataFrame], object]:
    def make(rows: pd.DataFrame) -> object:
        import polars as pl

        frame = pl.from_pandas(rows)
        if kind == "Categorical":
            return frame.with_columns(pl.col("seg", "reg").cast(pl.Categorical))
        return frame.with_columns(pl.col("seg").cast(pl.Enum(list(SEGMENTS))),
                                  pl.col("reg").cast(pl.Enum(list(REGIONS))))
    return make


def _arrow_dictionary(rows: pd.DataFrame) -> object:
    import pyarrow as pa
    import pyarrow.compute as pc

    table = pa.Table.from_pandas(rows, preserve_index=False)
    for name in ("seg", "reg"):
        table = table.set_column(table.schema.get_field_index(name), name,
                                 pc.dictionary_encode(table[name]))
    return table


NATIVE_KEYS = {
    "polars-Categorical": _polars_keys("Categorical"),
    "polars-Enum": _polars_keys("Enum"),
    "pyarrow-dictionary": _arrow_dictionary,
}


@pytest.mark.parametrize("keys", list(NATIVE_KEYS))
@pytest.mark.parametrize("fn_name", list(FUNCTIONS))
def test_native_categorical_keys(fn_name: str, keys: str) -> None:
    """Polars Categorical/Enum and Arrow dictionary keys give the pandas result.

    The reference is the same frame converted by its own library (whose keys
    are then pandas categoricals), in the order of its categories.
    """
    fn, variant = FUNCTIONS[fn_name], VARIANTS["drop-missing-by1" if fn_name == "nps" else "by2"]
    native = NATIVE_KEYS[keys](dataset(variant.dataset))
    rows = native.to_pandas()  # type: ignore[attr-defined]
    want = outcome(lambda: call(fn, variant, rows))
    assert not isinstance(want.value, Raised), f"the reference itself raised: {want}"
    engine = "pyarrow" if keys.startswith("pyarrow") else "polars"
    assert_as_pandas(engine, outcome(lambda: call(fn, variant, native)), want)


@pytest.mark.parametrize("engine", ["polars-Enum", "pyarrow", "duckdb"])
def test_categorical_keys_keep_the_order_of_their_categories(engine: str) -> None:
    """A by= table keyed by a categorical lists its groups in the order of the categories.

    As the pandas path does (north, south, east, west), not alphabetically;
    and a result's own categorical column (the funnel's band) keeps all its
    categories, in their order.
    """
    rows = _category_keys(FUNCTIONS["funnel"], dataset("base"))
    want = outcome(lambda: _funnel(str, "seg", None, "raise", data=rows.copy()))
    assert list(want.value.index) == list(SEGMENTS)  # type: ignore[attr-defined]
    native = (NATIVE_KEYS["polars-Enum"](dataset("base")) if engine == "polars-Enum"
              else as_engine(engine, rows))
    got = outcome(lambda: _funnel(str, "seg", None, "raise", data=native))
    assert_as_pandas(engine.removesuffix("-Enum"), got, want)


@pytest.mark.parametrize("variant_name", ["by1", "drop-missing-by1"])
@pytest.mark.parametrize("fn_name", _INTEGER_ANSWERS)
def test_polars_nan_is_a_missing_answer(fn_name: str, variant_name: str) -> None:
    """A NaN in a Polars float column (not null) is a missing answer, as NaN is in pandas."""
    import polars as pl

    fn, variant = FUNCTIONS[fn_name], VARIANTS[variant_name]
    rows = with_missing(dataset("base"), ANSWERS, every=7, start=2)
    native = pl.from_pandas(rows, nan_to_null=False)
    assert native[fn.answers].is_nan().sum() > 0
    want = outcome(lambda: call(fn, variant, rows.copy()))
    assert_as_pandas("polars", outcome(lambda: call(fn, variant, native)), want)


@pytest.mark.parametrize("engine", ["polars", "pyarrow", "duckdb"])
def test_shuffled_rows_report_the_same_position(engine: str) -> None:
    """A bad value is reported at the same position whatever pandas' index labels."""
    rows = with_cell(_shuffled(FUNCTIONS["nps"], dataset("base")), "score", 17, 11)
    want = outcome(lambda: _nps(str, "seg", None, "raise", data=rows.copy()))
    assert isinstance(want.value, Raised)
    assert "position 17" in want.value.message
    got = outcome(lambda: _nps(str, "seg", None, "raise", data=as_engine(engine, rows)))
    assert_as_pandas(engine, got, want)


# ------------------------------------------------------------------ a Dask cluster


@pytest.mark.slow
def test_dask_cluster_equals_pandas(dask_client: Any) -> None:
    """On two worker processes, Dask gives the pandas result (weighted, two keys, drops)."""
    fn = FUNCTIONS["nps"]
    variant = VARIANTS["drop-missing-weighted-by2"]
    data = as_engine("dask", dataset(variant.dataset))
    assert_as_pandas("dask", outcome(lambda: call(fn, variant, data)),
                     reference("nps", "drop-missing-weighted-by2"))
