"""The word-trie pattern finds the same words as the plain alternation, longest first."""

import re

import pytest

from tasks.wordtrie import trie_regex, word_pattern

WORDS = ["签约", "签约项目", "新签约", "开工", "开工项目", "总投资", "投资", "投资额", "到位资金", "实际到位资金", "+1"]


@pytest.mark.parametrize(
    "text",
    ["今年新签约项目32个,总投资额86亿元,实际到位资金21.5亿元", "开工项目开工签约投资", "无关的句子", "+1投资额+"],
)
def test_same_matches_as_the_longest_first_alternation(text: str) -> None:
    alternation = re.compile("|".join(re.escape(w) for w in sorted(WORDS, key=len, reverse=True)))
    expected = [m.group(0) for m in alternation.finditer(text)]
    assert [m.group(0) for m in re.finditer(word_pattern(WORDS), text)] == expected
    assert [m.group(0) for m in re.finditer(trie_regex(WORDS), text)] == expected


def test_no_words_match_nothing() -> None:
    assert re.search(word_pattern([]), "任何文字") is None
