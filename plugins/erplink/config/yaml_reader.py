"""YAML read as PyYAML's safe loader reads it, in about two thirds of the time.

The configuration check parses the whole tenants file at every parse of its DAG file, and PyYAML's C loader still
builds each value through the generic constructor in Python, a third of the time. Strings, mappings with string
keys and lists (nearly all of a tenants file) are built here straight from the parsed nodes; every other node
(numbers, booleans, dates, merge keys, explicit tags) goes to the safe loader's own constructor, so the result is
the same. A text with an anchor is read by the safe loader whole: an alias shares a node, which may contain itself.
"""

from __future__ import annotations

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

# libyaml's loader when PyYAML was built with it: the file is read at every DAG parse, and the pure-Python
# scanner alone costs several milliseconds of the parse budget. Both are the safe loader (no arbitrary objects).
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR, _MAP, _SEQ = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"


def load_yaml(text: str) -> object:
    """What `yaml.load(text, Loader=SAFE_LOADER)` returns (and raises)."""
    if "&" in text:
        return yaml.load(text, Loader=SAFE_LOADER)
    loader = SAFE_LOADER(text)
    try:
        node = loader.get_single_node()
        return None if node is None else _build(node, loader)
    finally:
        loader.dispose()


def _build(node: Node, loader: yaml.SafeLoader) -> object:
    kind, tag = type(node), node.tag
    if kind is ScalarNode and tag == _STR:
        return node.value
    if kind is MappingNode and tag == _MAP and all(type(k) is ScalarNode and k.tag == _STR for k, _ in node.value):
        return {key.value: _build(value, loader) for key, value in node.value}
    if kind is SequenceNode and tag == _SEQ:
        return [_build(item, loader) for item in node.value]
    return loader.construct_document(node)
