"""The faster YAML read returns what PyYAML's safe loader returns, and raises where it raises."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from erplink.config.yaml_reader import SAFE_LOADER, load_yaml

_SCALARS = st.one_of(
    st.text(max_size=12), st.sampled_from(["yes", "no", "on", "null", "~", "1_000", "0x1f", ".inf", "2026-01-01", "="]),
    st.integers(), st.floats(allow_nan=False), st.booleans(), st.none(), st.binary(max_size=4),
    st.dates(), st.datetimes(timezones=st.none() | st.just(dt.UTC)),
)  # fmt: skip
_KEYS = st.one_of(st.text(max_size=6), st.integers(), st.booleans(), st.none(), st.dates())
_DOCUMENTS = st.recursive(_SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                            st.dictionaries(_KEYS, inner, max_size=4)), max_leaves=20)


def _same(text: str) -> None:
    try:
        expected = yaml.load(text, Loader=SAFE_LOADER)
    except yaml.YAMLError as exc:
        with pytest.raises(type(exc)):
            load_yaml(text)
        return
    assert load_yaml(text) == expected


@settings(max_examples=300, deadline=None)
@given(document=_DOCUMENTS, flow=st.sampled_from([False, True, None]), indent=st.integers(2, 5))
def test_any_dumped_document_reads_as_the_safe_loader_reads_it(document: object, flow: bool | None,
                                                                indent: int) -> None:
    _same(yaml.safe_dump(document, default_flow_style=flow, indent=indent, allow_unicode=True))


@pytest.mark.parametrize("text", [
    "base: &b {a: 1}\nchild: {<<: *b, c: 2}\n",
    "? [a, b]\n: 1\n",
    "{1: a, 1.5: b, true: c, null: d, 2026-01-01: e}\n",
    "= : value-key\nplain: 1\n",
    "explicit: !!str 123\nbinary: !!binary aGVsbG8=\nset: !!set {a, b}\nomap: !!omap [{a: 1}, {b: 2}]\n",
    "tagged: !!map {a: 1}\nlisted: !!seq [1]\n",
    "unsafe: !!python/object:os.system {}\n",
    "a: [1, 2\n",
    "",
    "# only a comment\n",
    "first\n---\nsecond\n",
    "dup: 1\ndup: 2\n",
])  # fmt: skip
def test_every_kind_of_node_reads_as_the_safe_loader_reads_it(text: str) -> None:
    _same(text)


def test_an_alias_to_its_own_container_reads_as_the_safe_loader_reads_it() -> None:
    looped = load_yaml("looped: &l [*l]\n")["looped"]  # type: ignore[index]
    assert looped[0] is looped
