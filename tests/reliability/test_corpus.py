"""The generated corpus (tasks/corpus.py) that the benchmarks and the fault tests run on is what it
claims to be: deterministic by its seed and independent of its size, made of distinct files,
with reprints under a second source and traditional copies that convert back exactly; its gold
is in the contract's shape, internally consistent (it passes every reconcile rule), and its
evidence sentences survive the noise the files carry (normalize gives them back)."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import jsonschema
import pytest

from tasks.corpus import generate_corpus
from tasks.models import Fact, FACT_COLUMNS, RawArticle
from tasks.normalize import normalize_article
from tasks.reconcile import PlacedFact, load_reconcile_config, reconcile_facts
from tasks.reference import load_reference

ROOT = Path(__file__).resolve().parents[2]
GLOSS = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü ]+\)")
SCHEMA = json.loads((ROOT / "tasks" / "schema" / "extract_v1.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def corpus(corpus_kit):
    return list(generate_corpus(corpus_kit, 3, 400))


def test_the_same_seed_writes_the_same_corpus_and_a_prefix_is_a_smaller_corpus(corpus_kit, corpus):
    again = list(generate_corpus(corpus_kit, 3, 150))
    assert [(a.path, a.raw, a.gold) for a in again] == [(a.path, a.raw, a.gold) for a in corpus[:150]]
    other = list(generate_corpus(corpus_kit, 4, 20))
    assert [a.raw for a in other] != [a.raw for a in corpus[:20]]


def test_files_are_distinct_and_span_sources_scripts_encodings_and_places(corpus):
    assert len({a.sha256 for a in corpus}) == len(corpus)
    assert len({a.path for a in corpus}) == len(corpus)
    assert {a.source for a in corpus} == {"city-daily", "invest-portal", "wx-mirror", "wire-service", "trad-mirror"}
    assert {a.script for a in corpus} == {"simplified", "traditional"}
    assert {"utf-8", "gb18030", "big5"} <= {a.encoding for a in corpus}
    regions = {f["region"] for a in corpus for f in a.gold["facts"]}
    assert len(regions) > 300  # many cities, districts and zones of seeds/regions.csv
    assert sum(a.gold["published"] is None for a in corpus) > 0.2 * len(corpus)  # undated pages too


def test_a_reprint_is_the_same_article_under_another_source_with_other_furniture(corpus):
    by_stem = {a.stem: a for a in corpus}
    reprints = [a for a in corpus if a.reprint_of]
    assert len(reprints) > 0.05 * len(corpus)
    for reprint in reprints:
        original = by_stem[reprint.reprint_of]
        assert reprint.source != original.source and reprint.raw != original.raw
        assert {k: v for k, v in reprint.gold.items() if k != "source"} == \
            {k: v for k, v in original.gold.items() if k != "source"}


def test_traditional_files_are_opencc_copies_that_convert_back(corpus_kit, corpus):
    traditional = [a for a in corpus if a.script == "traditional"]
    assert traditional
    for article in traditional:
        text = GLOSS.sub("", article.raw.decode(article.encoding))
        assert corpus_kit.to_traditional(article.gold["title"]) in text
        for fact in article.gold["facts"]:
            assert corpus_kit.to_simplified(corpus_kit.to_traditional(fact["evidence"])) == fact["evidence"]


def test_gold_is_in_the_contract_shape(corpus):
    for article in corpus:
        jsonschema.validate(article.gold, SCHEMA)
        assert article.gold["source"] == article.path
    assert sum(len(a.gold["facts"]) for a in corpus) > 5 * len(corpus)
    assert Counter(f["kind"] for a in corpus for f in a.gold["facts"])["target"] > 0
    assert {f["approx"] for a in corpus for f in a.gold["facts"]} == {"exact", "over", "about"}
    assert {e["type"] for a in corpus for e in a.gold["events"]} == {"outbound_visit", "signing", "promotion_conference"}


def test_the_same_fact_has_one_value_in_every_article_that_states_it(corpus):
    values: dict[tuple, set] = {}
    for article in corpus:
        for f in article.gold["facts"]:
            if f["approx"] == "exact":
                key = (f["region"], f["metric"], f["scope"], f["period"], f["kind"])
                values.setdefault(key, set()).add(f["value"])
    assert sum(1 for v in values.values() if len(v) == 1) == len(values)
    assert len(values) < sum(len(a.gold["facts"]) for a in corpus)  # some facts are stated twice


def test_the_gold_passes_every_reconcile_rule(corpus):
    """Districts sum to less than their city, parts to less than their whole, stated shares match,
    values are plausible for their level, and no two articles disagree."""
    ref = load_reference(ROOT / "seeds")
    config = load_reconcile_config(ROOT / "expectations" / "reconcile_v1.json")
    placed = [
        PlacedFact(a.sha256, a.source, i, Fact(**{c: f[c] for c in FACT_COLUMNS}))
        for a in corpus for i, f in enumerate(a.gold["facts"])
    ]
    checks = reconcile_facts(placed, config, ref.gazetteer.level_of)
    assert {c.check for c in checks} >= {"part_le_whole", "parts_sum_le_whole", "share_matches", "conflict"}
    assert [c.message for c in checks if c.status != "pass"] == []


def test_normalize_gives_back_the_evidence_sentences_through_the_noise(corpus):
    """Furniture, full-width punctuation, broken lines, glosses and legacy encodings come off again.
    (Some single line breaks inside a sentence stay: normalize joins a broken line only when its
    unfinished sentence already has a comma, so that headings are never glued to the text.)"""
    rules = load_reference(ROOT / "seeds").text_rules
    found = total = 0
    for article in corpus[:200]:
        text = normalize_article(RawArticle(article.source, article.path, article.raw, ""), rules).text
        sentences = {f["evidence"] for f in article.gold["facts"]}
        found += sum(s in text for s in sentences)
        total += len(sentences)
    assert found / total > 0.95
