"""Word lists -> regular expressions that find them fast (a trie of the words as one pattern).

Python's `re` tries every alternative of `a|b|c…` at each position; grouping the words by their
shared prefixes (`镇江(?:市|新区)?`) makes each position cost one branch per character. Pure
functions, no state.
"""

from __future__ import annotations

import re
from collections.abc import Collection


def trie_regex(words: Collection[str]) -> str:
    """A pattern that matches exactly the given words, the longest one at a position first
    (the same matches as the alternation of the words sorted longest first)."""
    trie: dict = {}
    for word in words:
        if not word:
            continue
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _node_pattern(trie) if trie else r"(?!)"


def _node_pattern(node: dict) -> str:
    """The pattern of a trie node's continuations; ending the word here is tried after every longer word."""
    children = sorted(ch for ch in node if ch)
    leaves = [ch for ch in children if list(node[ch]) == [""]]  # words that end on this character
    branches = [re.escape(ch) + _node_pattern(node[ch]) for ch in children if ch not in leaves]
    if leaves:
        branches.append(re.escape(leaves[0]) if len(leaves) == 1 else "[" + "".join(map(re.escape, leaves)) + "]")
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


def word_pattern(words: Collection[str]) -> str:
    """`trie_regex` behind a lookahead for the words' first characters, so that positions where
    no word can start are skipped at the cost of one character-class test."""
    firsts = sorted({w[0] for w in words if w})
    if not firsts:
        return r"(?!)"
    return "(?=[" + "".join(re.escape(ch) for ch in firsts) + "])" + trie_regex(list(words))
