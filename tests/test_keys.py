"""The BSN keys computed once per distinct number, and the Arrow-based frame operations, agree
value for value with what they replace: ``stdnum.nl.bsn.is_valid``, an HMAC per value,
``Series.isin``, ``reindex`` and ``map`` on a key, ``is_unique`` and ``duplicated``."""

from __future__ import annotations

import hashlib
import hmac

import numpy as np
import pandas as pd
import pytest
from stdnum.nl import bsn

from analysis.core import frames
from analysis.core.frames import (
    duplicated,
    hashed_keys,
    is_in,
    is_unique,
    lookup,
    map_few,
    taken,
)
from analysis.registry.keys import Pseudonyms, pseudonymise, valid_bsn, valid_numbers

KEY = b"sleutel-voor-de-test-1234"
ODD = [
    "111222333",  # valid
    "123456782",  # valid
    "123456783",  # check digit off by one
    "000000000",  # all zeros: stdnum refuses it
    "099999990",  # valid-looking with a leading zero
    "12345678",  # eight digits: stdnum pads, the reader pads before
    "1234567820",  # ten digits
    " 111222333",
    "111.222.333",
    "111-222-333",
    "111–222–333",  # unicode dashes, which stdnum cleans
    "١١١٢٢٢٣٣٣",  # Arabic-Indic digits: not ASCII, invalid for stdnum
    "11122233x",
    "",
    "0",
]


def test_the_11_proef_is_stdnums_on_odd_and_random_numbers():
    rng = np.random.default_rng(7)
    numbers = ODD + [f"{n:09d}" for n in rng.integers(0, 10**9, 20_000)]
    expected = [bsn.is_valid(n) for n in numbers]
    assert valid_numbers(np.array(numbers, dtype=object)).tolist() == expected
    assert sum(expected) > 1000  # the random ones include valid numbers, about one in eleven


def test_valid_bsn_per_value_and_missing_is_invalid():
    values = pd.Series(
        ["111222333", None, "111222333", "123456783"], dtype="str", index=[5, 6, 7, 8]
    )
    assert valid_bsn(values).tolist() == [True, False, True, False]
    assert valid_bsn(values).index.tolist() == [5, 6, 7, 8]


def _one_by_one(values: pd.Series, key: bytes) -> pd.Series:
    def one(v: object) -> object:
        if pd.isna(v):
            return pd.NA
        return hmac.new(key, str(v).encode(), hashlib.sha256).hexdigest()[:16]

    return values.map(one).astype("string")


@pytest.mark.parametrize("dtype", ["str", object])
def test_pseudonyms_are_the_hmac_of_each_value(dtype):
    values = pd.Series(["111222333", None, "123456782", "111222333"], dtype=dtype)
    assert pseudonymise(values, KEY).equals(_one_by_one(values, KEY))


def test_pseudonyms_by_position_of_the_distinct_numbers():
    names = Pseudonyms(KEY, ["111222333", "123456782"])
    expected = _one_by_one(pd.Series(["123456782", None, "111222333"]), KEY)
    assert names.at(np.array([1, -1, 0])).equals(expected)


@pytest.mark.parametrize("key", [b"", b"k", KEY, b"x" * 64, b"y" * 65, b"z" * 200])
def test_pseudonyms_are_the_hmac_for_keys_of_any_length(key):
    values = pd.Series(["111222333", "123456782"], dtype="str")
    assert pseudonymise(values, key).equals(_one_by_one(values, key))


def test_a_different_key_gives_different_pseudonyms():
    values = pd.Series(["111222333"], dtype="str")
    assert pseudonymise(values, KEY).iloc[0] != pseudonymise(values, b"another-key-67890").iloc[0]


@pytest.mark.parametrize("dtype", ["str", object])
def test_is_in_is_isin_for_text_without_missing_values_in_the_set(dtype):
    series = pd.Series(["a", "b", None, "c", "a"], dtype=dtype, index=list("vwxyz"))
    for values in ({"a", "c"}, pd.Index(["b"]), pd.Series(["c", "c"]), [], set()):
        assert is_in(series, values).equals(series.isin(values)), values


def test_is_in_on_numbers():
    series = pd.Series([1, 2, 3])
    assert is_in(series, {2, 3}).tolist() == [False, True, True]


@pytest.mark.parametrize("dtype", ["str", "string", object])
def test_lookup_and_taken_are_reindex_by_key(dtype):
    keys = pd.Series(["b", "x", None, "a", "b"], dtype=dtype, index=[10, 11, 12, 13, 14])
    table = pd.DataFrame({"key": pd.Series(["a", "b"], dtype=dtype), "n": [1.5, 2.5]})
    at = lookup(keys, table["key"])
    assert at.tolist() == [1, -1, -1, 0, 1]
    rows = taken(table[["n"]], at, keys.index)
    expected = table.set_index("key")[["n"]].reindex(keys.where(keys.notna(), "?"))
    assert rows.index.tolist() == [10, 11, 12, 13, 14]
    assert rows["n"].fillna(-1).tolist() == expected["n"].fillna(-1).tolist()


def test_map_few_is_map_for_codes_and_flags():
    values = pd.Series(["ja", "nee", None, "ja", "misschien"], dtype="str")
    mapping = {"ja": True, "nee": False}
    mapped = map_few(values, mapping)
    assert mapped.isna().tolist() == values.map(mapping).isna().tolist()
    assert mapped[mapped.notna()].tolist() == [True, False, True]


def test_is_unique_counts_missing_as_a_value():
    assert is_unique(pd.Series(["a", "b", None]))
    assert not is_unique(pd.Series(["a", None, None]))
    assert not is_unique(pd.Series(["a", "b", "a"], dtype="str"))


def test_is_unique_on_integers():
    assert is_unique(pd.Series([3, 1, 2], dtype="uint64"))
    assert not is_unique(pd.Series([3, 1, 3], dtype="uint64"))


def test_hashed_keys_are_the_pseudonyms_read_as_hexadecimal_numbers():
    keys = pd.Series(["00000000000000ff", "ffffffffffffffff", "0123456789abcdef"], dtype="str")
    other = pd.Series(["0123456789abcdef"], index=[7], name="k", dtype="string")
    coded, coded_other = hashed_keys(keys, other)
    assert coded.tolist() == [255, 2**64 - 1, 0x0123456789ABCDEF]
    assert coded.dtype == np.uint64 and coded_other.index.tolist() == [7]
    assert coded_other.name == "k" and coded_other.tolist() == [0x0123456789ABCDEF]
    # a slice of a column starts inside Arrow's buffers
    assert hashed_keys(keys.iloc[1:])[0].tolist() == coded.iloc[1:].tolist()
    assert hashed_keys(keys.iloc[:0])[0].dtype == np.uint64


@pytest.mark.parametrize(
    "odd",
    [
        "0123456789ABCDEF",  # upper case: another text, so another key
        "0123456789abcde",  # 15 digits
        "0123456789abcdefa",  # 17
        "0123456789abcdeg",
        None,
    ],
)
def test_hashed_keys_leave_every_column_as_it_is_unless_all_are_pseudonyms(odd):
    keys = pd.Series(["0123456789abcdef", "00000000000000ff"], dtype="str")
    odd_column = pd.Series(["00000000000000ff", odd], dtype="str")
    for columns in [(keys, odd_column), (odd_column, keys)]:
        out = hashed_keys(*columns)
        assert all(a is b for a, b in zip(out, columns, strict=True))
    numbers = pd.Series([1, 2])
    assert hashed_keys(keys, numbers)[1] is numbers


def test_hashed_keys_keep_equal_keys_equal_and_different_keys_different():
    rng = np.random.default_rng(5)
    texts = pd.Series([f"{v:016x}" for v in rng.integers(0, 2**63, 500)] * 2, dtype="str")
    sample = texts.sample(300, random_state=1)
    coded, coded_sample = hashed_keys(texts, sample)
    assert is_in(coded, coded_sample).tolist() == texts.isin(set(sample)).tolist()
    assert (lookup(coded, coded_sample) == lookup(texts, sample)).all()
    assert pd.factorize(coded)[0].tolist() == pd.factorize(texts)[0].tolist()


TEXTS = [
    "",
    "a",
    "ab",
    "abcdefgh",
    "abcdefghi",
    "K0000001",
    "K00000012",
    "x" * 17,
    None,
    "é",
    "a\x00",
]


@pytest.mark.parametrize("seed", range(40))
def test_duplicated_is_pandas_duplicated_on_text_numbers_and_rows(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(0, 30))
    texts = pd.Series([TEXTS[i] for i in rng.integers(0, len(TEXTS), n)], dtype="str")
    numbers = pd.Series(rng.integers(-3, 4, n))
    rows = pd.DataFrame({"a": texts, "b": numbers.astype(str), "c": numbers})
    for keep in ("first", "last", False):
        assert duplicated(texts, keep=keep).equals(texts.duplicated(keep=keep))
        assert duplicated(numbers, keep=keep).equals(numbers.duplicated(keep=keep))
        assert duplicated(rows, ["a", "b"], keep=keep).equals(
            rows.duplicated(["a", "b"], keep=keep)
        )
        assert duplicated(rows, keep=keep).equals(rows.duplicated(keep=keep))
    assert is_unique(texts) == (texts.astype(object).nunique(dropna=False) == n)


def test_unique_ids_are_proved_distinct_without_pandas(monkeypatch):
    ids = pd.Series([f"K{i:07d}" for i in range(5000)] + ["K00000012", "Kx"], dtype="str")

    def refuse(*args, **kwargs):
        raise AssertionError("pandas was asked")

    monkeypatch.setattr(pd.Series, "duplicated", refuse)
    assert not duplicated(ids.iloc[3:], keep=False).any()  # a slice: inside Arrow's buffers
    assert is_unique(ids)


def test_equal_hashes_of_different_values_leave_the_answer_to_pandas(monkeypatch):
    # every row the same hash: the sort proves nothing, and pandas decides
    monkeypatch.setattr(frames, "_row_hashes", lambda columns: np.zeros(len(columns[0]), np.uint64))
    values = pd.Series(["a", "b", "a"], dtype="str")
    assert duplicated(values, keep=False).tolist() == [True, False, True]
    assert is_unique(pd.Series(["a", "b"], dtype="str"))
