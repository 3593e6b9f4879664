"""Reading the tenants file entry by entry gives what parsing the whole file gives, or is not done at all: a file
laid out otherwise is parsed whole, and one that would be read wrongly is reported by the configuration check."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from erplink.config.check import InvalidTenantConfig, raise_for_invalid_entries
from erplink.config.entries import _label_of_parsed, _parse, read_entries, split_entries, split_problems
from erplink.config.tenants import DEFAULT_CONFIG_PATH, TenantsFile, entry_label, load_tenants, read_document

# Scalars full of what a line-based reader could mistake: dashes, colons, comments, quotes, newlines, "name: x".
_TRICKY = st.lists(st.sampled_from([*"ab -:#'\"\n\t!|>{}[],%@`", "- ", ": ", "\n- ", "\n  - ", "name: x", " # c"]),
                   max_size=12).map("".join)
_SCALARS = st.one_of(_TRICKY, st.integers(), st.booleans(), st.none(), st.floats(allow_nan=False))
_VALUES = st.recursive(_SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(["name", "a", "b-c", "- d"]), inner, max_size=3)),
    max_leaves=8)  # fmt: skip
_NAMES = st.one_of(st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True),
                   st.sampled_from(["true", "null", "yes", "on", "Demo"]), st.integers(), st.none())
_ENTRIES = st.one_of(
    st.fixed_dictionaries({"name": _NAMES}, optional={"store": _VALUES, "erp": _VALUES, "orders": _VALUES}),
    st.dictionaries(st.sampled_from(["store", "erp", "name "]), _VALUES, max_size=3),
    _SCALARS,
    st.lists(_SCALARS, max_size=2),
)


def _outcome(loaded: TenantsFile) -> tuple[Any, list[str]]:
    return loaded.tenants, [str(error) for error in loaded.errors]  # errors are exceptions: equal only to themselves


def _assert_read_alike(text: str) -> bool:
    """Entry by entry equals the whole file; returns whether the text was read entry by entry at all."""
    whole = yaml.safe_load(text)
    split = split_entries(text)
    if split is None:
        return False
    assert [_parse(entry) for entry in split.entries] == whole["tenants"]
    labels = [entry_label(index, raw) for index, raw in enumerate(whole["tenants"])]
    assert [entry.label or _label_of_parsed(entry) for entry in split.entries] == labels
    assert all(entry.label in (None, labels[entry.index]) for entry in split.entries)
    settings_part = yaml.safe_load(split.settings)
    assert {k: v for k, v in settings_part.items() if k != "tenants"} == {
        k: v for k, v in whole.items() if k != "tenants"}
    return True


@settings(max_examples=300, deadline=None)
@given(entries=st.lists(_ENTRIES, max_size=6), indent=st.integers(2, 6), width=st.integers(20, 200),
       flow=st.sampled_from([False, None]), sort_keys=st.booleans(), shards=st.none() | st.integers(1, 9),
       settings_first=st.booleans())  # fmt: skip
def test_any_dumped_file_read_entry_by_entry_equals_the_whole_file(
        entries: list[Any], indent: int, width: int, flow: bool | None, sort_keys: bool, shards: int | None,
        settings_first: bool) -> None:
    document: dict[str, Any] = {"tenants": entries}
    if shards is not None:
        setting = {"dag_files": {"shards": shards}}
        document = {**setting, **document} if settings_first else {**document, **setting}
    _assert_read_alike(yaml.safe_dump(document, indent=indent, width=width, default_flow_style=flow,
                                      sort_keys=sort_keys, allow_unicode=True))


HAND_WRITTEN = """\
# Tenants, one entry each.
dag_files: {shards: 3}   # three files

tenants:
  # the first shop
  - name: alpha  # trailing comment
    store: {system: woocommerce}
    notes: |
      - not an entry
      name: not the name
# a comment at the margin, inside the list
  - store:
      system: woocommerce
    name: 'beta'
  -
    name: gamma
  - "just a string"
  - name: "delta"
    name: epsilon
  - name: zeta
    erp:
      - name: nested
        site: x
other: {a: 1}
"""


def test_a_hand_written_file_is_read_entry_by_entry_like_the_whole_file() -> None:
    assert _assert_read_alike(HAND_WRITTEN)
    labels = [entry.label for entry in split_entries(HAND_WRITTEN).entries]  # type: ignore[union-attr]
    # Stated plainly once: read from the text; a dash alone, a string, a name twice: parsed to find it.
    assert labels == ["alpha", "beta", None, None, None, "zeta"]


def test_the_shipped_file_is_read_entry_by_entry() -> None:
    assert _assert_read_alike(DEFAULT_CONFIG_PATH.read_text())
    assert read_entries(DEFAULT_CONFIG_PATH).is_split


@pytest.mark.parametrize("text", [
    "defaults: &defaults {system: woocommerce}\ntenants:\n  - name: a\n    store: *defaults\n",
    "tenants:\n  - &first\n    name: a\n  - <<: *first\n    name: b\n",
    "%YAML 1.1\n---\ntenants:\n  - name: a\n",
    "tenants: [{name: a}, {name: b}]\n",
    "tenants:\n  - name: a\ntenants:\n  - name: b\n",
])  # fmt: skip
def test_a_file_whose_entries_depend_on_other_text_is_parsed_whole(text: str, tmp_path: Path) -> None:
    assert split_entries(text) is None
    path = tmp_path / "tenants.yaml"
    path.write_text(text)
    assert _outcome(read_entries(path).validated(lambda label: True)) == _outcome(load_tenants(path))


@pytest.mark.parametrize("schedule", ["0 */2 * * *", '"*/15 * * * *"', "'*/15 * * * *'"])
def test_a_cron_schedule_is_no_alias(schedule: str) -> None:
    assert _assert_read_alike(f"tenants:\n  - name: a\n    orders: {{schedule: {schedule}}}\n")


def test_every_entry_validated_entry_by_entry_is_the_whole_file_validated(tmp_path: Path) -> None:
    document = yaml.safe_load(DEFAULT_CONFIG_PATH.read_text())
    demo = document["tenants"][0]
    document["tenants"] += [{**demo, "name": "acme", "erp": {**demo["erp"], "site": None}}, {**demo}, "text",
                            {"integration": "nowhere"}]
    path = tmp_path / "tenants.yaml"
    path.write_text(yaml.safe_dump(json.loads(json.dumps(document))))  # nothing shared: no YAML aliases
    assert read_entries(path).is_split
    assert _outcome(read_entries(path).validated(lambda label: True)) == _outcome(load_tenants(path))


def test_an_invalid_dag_files_setting_keeps_the_default_and_fails_the_check(tmp_path: Path) -> None:
    document = yaml.safe_load(DEFAULT_CONFIG_PATH.read_text())
    path = tmp_path / "tenants.yaml"
    path.write_text(yaml.safe_dump({**document, "dag_files": {"shards": 0}}))
    entries = read_entries(path)
    assert entries.dag_files.shards >= 1
    assert entries.setting_problems and entries.setting_problems[0].startswith("dag_files.shards:")
    with pytest.raises(InvalidTenantConfig, match=r"dag_files\.shards"):
        raise_for_invalid_entries(path)


def test_an_entry_the_lines_would_tell_apart_wrongly_fails_the_check(tmp_path: Path) -> None:
    """A quoted string that goes on at the list's indentation with "- " looks like a new entry to the lines."""
    path = tmp_path / "tenants.yaml"
    path.write_text('tenants:\n  - name: a\n    note: "first\n  - not an entry"\n  - name: b\n')
    (problem,) = split_problems(path, read_document(path))
    assert "3 entries from the file's lines where YAML reads 2" in problem
    with pytest.raises(InvalidTenantConfig, match="entries from the file's lines"):
        raise_for_invalid_entries(path)
