"""The tenants file read entry by entry: a DAG file parses the YAML of its own entries only.

Parsing the whole file costs about half a second per thousand tenants (PyYAML's C loader still builds every node in
Python), which every one of the tenants' DAG files would pay at every parse. The entries of the `tenants` list are
told apart by their lines instead: in a block sequence, a line indented like the first entry's dash that starts
with "- " begins the next entry, and a line at the margin ends the list. Only a file laid out that way is read
like this; one that uses anchors, aliases, directives or several documents (an entry may depend on text
elsewhere), or whose list does not look like that, is parsed whole, as before. The configuration check parses the
whole file and compares (`split_problems`), so an entry told apart wrongly is an import error, not a lost tenant.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

import yaml

from erplink.config.tenants import (
    ConfigError,
    TenantsFile,
    config_path,
    dag_files_setting,
    entry_label,
    parse_tenants,
    read_document,
    validate_entries,
)
from erplink.config.yaml_reader import load_yaml

# The patterns below that find lines start with the newline before the line: a pattern with a literal start is
# searched at C speed, one starting with `^` is tried at every character of the file. The text is searched with
# a newline put in front, so that its first line is found the same way.
#
# What makes an entry depend on text outside its own lines: an anchor or an alias. `_ANCHOR_OR_ALIAS` finds the
# candidates quickly (a quote after the star is left out: the demo's "*/15 * * * *"); one counts only where a node
# starts, at a line's start or after "- ", ": ", "? " or a flow indicator (a cron schedule's `0 */2 * * *` does not).
_ANCHOR_OR_ALIAS = re.compile(r"[&*](?<![^\s\[{,][&*])[^\s,\[\]{}\"']")
_NODE_STARTS_AFTER = re.compile(r"(?:^|[-:?][ \t]|[\[{,])[ \t]*$")
# A directive or a document marker: the file is more than one plain document.
_DOCUMENT_MARKER = re.compile(r"\n(?:%|---|\.\.\.)")
_TENANTS_KEY = re.compile(r"\ntenants:[ \t]*(?:[ \t]#[^\n]*)?\r?(?=\n|\Z)")
_CONTENT_LINE = re.compile(r"\n( *)([^\s#][^\n]*)")  # neither blank nor a comment
_ITEM_START = re.compile(r"-(?:[ \t]|\r?$)")
# A name the text may be trusted with: an identifier (the form a valid name has) that YAML reads as that string.
_PLAIN_NAME = re.compile(r"""(?:([a-z][a-z0-9_]*)|"([a-z][a-z0-9_]*)"|'([a-z][a-z0-9_]*)')""")
_NOT_STRINGS = frozenset({"true", "false", "yes", "no", "on", "off", "null"})


@dataclass(frozen=True)
class _Entry:
    index: int
    first_line: int  # 0-based line of the file where the entry starts, so YAML errors name the file's lines
    text: str
    label: str | None  # None: the name could not be read from the text; the entry is parsed to find it


@dataclass(frozen=True)
class SplitFile:
    """The file's text cut into the tenants list's entries and the rest (the top-level settings)."""

    settings: str
    entries: tuple[_Entry, ...]


def split_entries(text: str) -> SplitFile | None:
    """The `tenants` list's entries told apart by their lines, or None when the file is not laid out for it."""
    text = "\n" + text
    if _DOCUMENT_MARKER.search(text) or any(
        _NODE_STARTS_AFTER.search(text, text.rfind("\n", 0, m.start()) + 1, m.start())
        for m in _ANCHOR_OR_ALIAS.finditer(text)
    ):
        return None
    keys = list(_TENANTS_KEY.finditer(text))
    first = _CONTENT_LINE.search(text, keys[0].end()) if len(keys) == 1 else None
    if first is None or not _ITEM_START.match(first.group(2)):
        return None
    indent = len(first.group(1))
    # Only lines indented at most like the entries' dashes can start an entry or end the list; the search skips
    # the entries' own, deeper lines.
    boundary = re.compile(rf"\n( {{0,{indent}}})([^\s#][^\n]*)")
    starts = [first.start() + 1]
    list_end = len(text)
    for line in boundary.finditer(text, first.end()):
        spaces, content = line.groups()
        if len(spaces) == indent and _ITEM_START.match(content):
            starts.append(line.start() + 1)
        elif not spaces:
            list_end = line.start() + 1
            break
        else:
            return None  # deeper than the margin yet shallower than the dashes: not a layout read here
    bounds = [*starts, list_end]
    names = _names(text, starts, list_end, indent)
    entries = []
    newlines_before, counted_to = 0, 0  # the newline put in front counts one too many
    for index, (start, end) in enumerate(pairwise(bounds)):
        newlines_before += text.count("\n", counted_to, start)
        counted_to = start
        entries.append(_Entry(index, newlines_before - 1, text[start:end], names[index]))
    return SplitFile(text[1 : starts[0]] + text[list_end:], tuple(entries))


def _names(text: str, starts: list[int], list_end: int, indent: int) -> list[str | None]:
    """Each entry's `name` where its text states it plainly, once, among the entry's own keys; else None.

    One search over the whole list per column the entries' keys start at (one, in any file written by hand or by
    a YAML library), rather than one per entry.
    """
    # The entry's first key, on the dash's line, says where its keys are; anything else there (a flow mapping, a
    # nested list, a tag, a block scalar) is left to the parser.
    first_key = re.compile(rf" {{{indent}}}- +(?=[A-Za-z_])")
    keys_at = [m.end() - start if (m := first_key.match(text, start)) else None for start in starts]
    found: list[list[str]] = [[] for _ in starts]
    for column in {at for at in keys_at if at is not None}:
        # A key line at that column, or an entry's first line with the key after its dash. A plain key needs ": ";
        # a comment needs a blank before its "#".
        name_line = re.compile(rf"\n(?: {{{column}}}| {{{indent}}}-{' ' * (column - indent - 1)})"
                               rf"name:[ \t]+(\S+?)(?:[ \t]+#[^\n]*)?[ \t\r]*(?=\n|\Z)")  # fmt: skip
        for line in name_line.finditer(text, starts[0] - 1, list_end):
            index = bisect_right(starts, line.start() + 1) - 1
            if keys_at[index] == column:
                found[index].append(line.group(1))
    return [_plain(values[0]) if len(values) == 1 else None for values in found]


def _plain(value: str) -> str | None:
    plain = _PLAIN_NAME.fullmatch(value) if value not in _NOT_STRINGS else None
    return next(group for group in plain.groups() if group) if plain else None


class EntriesFile:
    """The tenants file as one DAG file needs it: the top-level settings now, an entry's YAML only when asked for."""

    def __init__(
        self, *, split: SplitFile | None = None, document: object = None, error: ConfigError | None = None
    ) -> None:
        self._split = split
        self._document = document
        self._error = error
        settings: object = document
        if split is not None:
            settings = load_yaml(split.settings)
        self.dag_files, self.setting_problems = dag_files_setting(settings)

    @property
    def is_split(self) -> bool:
        return self._split is not None

    def validated(self, select: Callable[[str], bool]) -> TenantsFile:
        """The entries whose label `select` takes, validated; the file's own error if `select` takes "(file)"."""
        if self._error is not None:
            return TenantsFile((), (self._error,) if select(self._error.entry) else ())
        if self._split is None:
            tenants = self._document.get("tenants") if isinstance(self._document, dict) else None
            if not isinstance(tenants, list):
                file_error = parse_tenants(self._document)  # names what the file lacks, validates nothing
                return file_error if select("(file)") else TenantsFile((), ())
            return validate_entries(
                (index, raw) for index, raw in enumerate(tenants) if select(entry_label(index, raw))
            )
        chosen: list[tuple[int, object]] = []
        unreadable: list[ConfigError] = []
        for entry in self._split.entries:
            if entry.label is not None and not select(entry.label):
                continue
            try:
                raw = _parse(entry)
            except yaml.YAMLError as exc:
                label = entry.label or f"#{entry.index + 1}"
                if select(label):
                    unreadable.append(ConfigError(label, [f"the entry's YAML: {exc}"]))
                continue
            if select(entry_label(entry.index, raw)):
                chosen.append((entry.index, raw))
        validated = validate_entries(chosen)
        return TenantsFile(validated.tenants, validated.errors + tuple(unreadable))


def _parse(entry: _Entry) -> object:
    # Leading newlines keep the file's line numbers in a YAML error's position.
    parsed = load_yaml("\n" * entry.first_line + entry.text)
    if not isinstance(parsed, list) or len(parsed) != 1:
        raise yaml.YAMLError(f"line {entry.first_line + 1}: not one entry of the tenants list")
    return parsed[0]


def _label_of_parsed(entry: _Entry) -> str:
    try:
        return entry_label(entry.index, _parse(entry))
    except yaml.YAMLError:
        return f"#{entry.index + 1}"


def read_entries(path: Path | None = None) -> EntriesFile:
    """The tenants file read for a DAG file (cached until the file changes)."""
    path = path or config_path()
    try:
        mtime = path.stat().st_mtime_ns
    except OSError as exc:
        return EntriesFile(error=ConfigError("(file)", [f"cannot read {path}: {exc.strerror}"]))
    return _read(path, mtime)


@lru_cache(maxsize=4)
def _read(path: Path, mtime_ns: int) -> EntriesFile:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        return EntriesFile(error=ConfigError("(file)", [f"{path.name}: {exc}"]))
    split = split_entries(text)
    if split is not None:
        try:
            return EntriesFile(split=split)
        except yaml.YAMLError:
            pass  # the settings outside the list do not parse: the whole-file read reports it
    try:
        return EntriesFile(document=read_document(path))
    except ConfigError as error:
        return EntriesFile(error=error)


def split_problems(path: Path, document: object) -> list[str]:
    """Where reading `path` entry by entry disagrees with its whole `document` (the configuration check runs this)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return []  # the check reports the file itself
    split = split_entries(text)
    tenants = document.get("tenants") if isinstance(document, dict) else None
    if split is None or not isinstance(tenants, list):
        return []
    try:
        settings = load_yaml(split.settings)
    except yaml.YAMLError:
        return []  # then the DAG files parse the whole file too
    whole = [entry_label(i, raw) for i, raw in enumerate(tenants)]
    by_lines = [entry.label or _label_of_parsed(entry) for entry in split.entries]
    if whole == by_lines and dag_files_setting(settings)[0] == dag_files_setting(document)[0]:
        return []
    difference = _first_difference(whole, by_lines) if whole != by_lines else "the settings outside the list differ"
    return [
        f"{path.name}: the tenants' DAG files read {len(by_lines)} entries from the file's lines where YAML "
        f"reads {len(whole)} ({difference}); write each entry of the tenants list as a block mapping starting "
        "with '- ' at the list's indentation, with no other line of it at that indentation or shallower"
    ]


def _first_difference(whole: list[str], by_lines: list[str]) -> str:
    for index, (expected, read) in enumerate(zip(whole, by_lines, strict=False)):
        if expected != read:
            return f"entry #{index + 1} is {expected!r} to YAML, {read!r} from the lines"
    return f"entry #{min(len(whole), len(by_lines)) + 1} is where they part"
