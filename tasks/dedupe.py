"""Dedupe: normalized articles -> which of them are reprints of which.

Input: a sequence of NormalizedArticle (one batch, any sources). Output: a dict mapping the index
of each duplicate to the index of its canonical article; articles absent from the dict are
canonical (or unique). Pure: no I/O, no state. Every source stays on record -- the caller keeps
all the articles and extracts facts once, from the canonical one.

Two articles are the same article when
- exact: their normalized text is identical once whitespace is ignored (the same story reflowed);
- near: the Jaccard similarity of their character shingles (5-grams of the text with whitespace
  and punctuation removed, so folding and layout differences do not count) reaches the threshold.
  Candidates come from MinHash LSH (datasketch); each candidate pair is then checked with the
  exact Jaccard of the shingle sets, so the answer does not depend on hashing luck.

Reprints chain (A~B, B~C), so duplicates are grouped transitively. The canonical article of a
group is the cleanest: fewest mojibake characters per character, then with a publication date,
then the longest text, then the first in input order.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from datasketch import MinHash, MinHashLSH

from tasks.models import ArticleResult, CheckResult, Event, Fact, NormalizedArticle

_NOT_COUNTED = re.compile(r"[\s\W_]+")  # whitespace and punctuation; CJK, letters and digits count


@dataclass(frozen=True)
class DedupeConfig:
    """How alike two articles must be to count as one."""

    shingle_size: int = 5  # characters per shingle
    threshold: float = 0.5  # Jaccard similarity of the shingle sets (different articles score < 0.02)
    num_perm: int = 128  # MinHash permutations
    min_chars: int = 50  # shorter texts are only matched exactly
    seed: int = 1  # MinHash seed: fixed, so runs are reproducible


def comparable_text(text: str) -> str:
    """The characters that decide sameness: no whitespace, no punctuation."""
    return _NOT_COUNTED.sub("", text)


def text_fingerprint(text: str) -> str:
    """SHA-256 of the text with whitespace removed: equal for the same text however it is laid out."""
    return hashlib.sha256("".join(text.split()).encode("utf-8")).hexdigest()


def shingles(text: str, size: int) -> frozenset[str]:
    """Character `size`-grams of the comparable text (the whole text when it is shorter)."""
    body = comparable_text(text)
    if len(body) <= size:
        return frozenset([body]) if body else frozenset()
    return frozenset(body[i : i + size] for i in range(len(body) - size + 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def _minhash(grams: frozenset[str], config: DedupeConfig) -> MinHash:
    sketch = MinHash(num_perm=config.num_perm, seed=config.seed)
    sketch.update_batch([g.encode("utf-8") for g in sorted(grams)])
    return sketch


def _canonical_key(article: NormalizedArticle, index: int) -> tuple[float, int, int, int]:
    """Smaller is better: mojibake share, no date, shorter text, later in the input."""
    return (article.flags.mojibake_share, article.published is None, -len(article.text), index)


def find_duplicates(
    articles: Sequence[NormalizedArticle], config: DedupeConfig = DedupeConfig()
) -> dict[int, int]:
    """{index of a duplicate: index of its canonical article}; unreadable articles never match."""
    readable = [i for i, a in enumerate(articles) if a.error is None and a.text.strip()]
    parent = {i: i for i in readable}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        ri, rj = root(i), root(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)

    first_with: dict[str, int] = {}
    for i in readable:
        fingerprint = text_fingerprint(articles[i].text)
        if fingerprint in first_with:
            union(first_with[fingerprint], i)
        else:
            first_with[fingerprint] = i

    # Near duplicates among the distinct texts that are long enough to compare.
    distinct = sorted(first_with.values())
    grams = {i: shingles(articles[i].text, config.shingle_size) for i in distinct}
    comparable = [i for i in distinct if len(comparable_text(articles[i].text)) >= config.min_chars]
    lsh = MinHashLSH(threshold=config.threshold, num_perm=config.num_perm)
    for i in comparable:
        sketch = _minhash(grams[i], config)
        for key in lsh.query(sketch):
            j = int(key)
            if jaccard(grams[i], grams[j]) >= config.threshold:
                union(j, i)
        lsh.insert(str(i), sketch)

    groups: dict[int, list[int]] = {}
    for i in readable:
        groups.setdefault(root(i), []).append(i)
    duplicates: dict[int, int] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        canonical = min(members, key=lambda i: _canonical_key(articles[i], i))
        duplicates.update({i: canonical for i in members if i != canonical})
    return duplicates


def _fact_identity(fact: Fact) -> tuple[object, ...]:
    return (fact.region, fact.metric, fact.scope, fact.period, fact.kind, round(fact.value, 6))


def _event_identity(event: Event) -> tuple[object, ...]:
    return (event.type, event.region, event.start)


def collapse_reprints(
    articles: Sequence[NormalizedArticle], results: Sequence[ArticleResult], duplicates: dict[int, int]
) -> tuple[list[ArticleResult], list[CheckResult]]:
    """Keep each reprinted fact once: a reprint drops the facts and events its canonical article
    already states. What a reprint states differently stays, so reconcile sees the conflict.

    Returns the results (parallel to `articles`) and one `reprint` check per duplicate, which
    records which article it reprints.
    """
    collapsed = list(results)
    notes = []
    for dup, canonical in sorted(duplicates.items()):
        known_facts = {_fact_identity(f) for f in results[canonical].facts}
        known_events = {_event_identity(e) for e in results[canonical].events}
        kept_facts = tuple(f for f in results[dup].facts if _fact_identity(f) not in known_facts)
        # part_of indexes the article's own list: a reprint's kept parts lose their link.
        kept_facts = tuple(replace(f, part_of=None) for f in kept_facts)
        kept_events = tuple(e for e in results[dup].events if _event_identity(e) not in known_events)
        collapsed[dup] = replace(results[dup], facts=kept_facts, events=kept_events)
        notes.append(CheckResult(
            check="reprint", status="pass",
            message=(f"{articles[dup].raw.uri} reprints {articles[canonical].raw.uri}: "
                     f"{len(results[dup].facts) - len(kept_facts)} facts kept once, {len(kept_facts)} differ"),
            facts=(),
        ))
    return collapsed, notes
