"""The BSN keys computed once per distinct number, and the Arrow-based frame operations, agree
value for value with what they replace: ``stdnum.nl.bsn.is_valid``, an HMAC per value,
``Series.isin``, ``reindex`` and ``map`` on a key, ``is_unique``."""

from __future__ import annotations

import hashlib
import hmac

import numpy as np
import pandas as pd
import pytest
from stdnum.nl import bsn

from analysis.core.frames import is_in, is_unique, lookup, map_few, taken
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
