"""Normalize: RawArticle -> NormalizedArticle (clean simplified text, traceable to the raw text).

Input: the bytes of one fetched document, plain text or HTML, in UTF-8 (with or without BOM),
UTF-16, GB18030/GBK or Big5. Output: the text that extraction reads and that evidence strings
are cut from (../shared/gold/seeds/NOTES.md, "Conventions"), an offset map back into the decoded
raw text, the title and publication date where the page states them, and quality flags.
No side effects; `normalize_article` never raises on any input.

The steps, in order. Each is a list of edits over the current text, and the offset map is
composed as the text changes; nearly all edits are deletions or 1:1 replacements, so this is
cheap (benchmarks/bench_normalize.py):

1. realign byte-shifted GBK mojibake (see the comment of that section); drop what cannot be
   repaired (U+FFFD, private-use characters, stranded "?" markers) and count it; drop control
   and zero-width characters;
2. decode HTML entities, also doubly escaped ones and those that lost their "&" (`rdquo;`);
3. remove pinyin glosses after characters: 時(shí)間 -> 時間, 海州區(qū)(高新區(qū)) -> 海州區(高新區);
4. convert to simplified characters with OpenCC, 1:1 in length (t2s, or tw2sp/hk2s when
   marker words from seeds/opencc_variants.csv say the text is from Taiwan or Hong Kong);
5. fold full-width ASCII-range characters to half-width, odd spaces to a space (not NFKC:
   。、“”‘’…— stay);
6. reviewed substitutions with their contexts (seeds/substitutions.csv: 蕞->最, 头部季度 ->
   第一季度, 保持著 -> 保持着, variant forms t2s leaves);
7. a space after a full stop starts a paragraph (seed 003 is one line held together by them);
   a space inside a common two-character word goes (期 间 -> 期间);
8. lines: drop page furniture (seeds/furniture_patterns.csv), read the title and the masthead
   date, rejoin hard line breaks inside a sentence, drop blank lines and edge spaces;
9. join numbers split by digit-group spaces ("1 158.8" -> "1158.8").

Reference data comes from seeds/ through `load_text_rules`; the OpenCC converters are built there
once. `split_sentences` gives the sentence spans that evidence strings follow.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import functools
import html
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import opencc

from tasks.errors import ConfigError
from tasks.models import NormalizedArticle, QualityFlags, RawArticle

# ----------------------------------------------------------------------------------------------
# Reference data (seeds/substitutions.csv, seeds/furniture_patterns.csv, seeds/opencc_variants.csv)
# ----------------------------------------------------------------------------------------------

SUBSTITUTIONS_FILE = "substitutions.csv"
FURNITURE_FILE = "furniture_patterns.csv"
VARIANTS_FILE = "opencc_variants.csv"
DEFAULT_CONFIG = "t2s"
FURNITURE_SCOPES = ("line", "prefix", "suffix", "inline", "list")


@dataclass(frozen=True)
class Substitution:
    """One reviewed replacement: `find` -> `replace` where both context regexes match around it."""

    find: str
    replace: str
    left: re.Pattern[str] | None  # must match text ending right before `find` (anchored with \Z)
    right: re.Pattern[str] | None  # must match text starting right after `find`
    source: str  # "file:line", for messages


@dataclass(frozen=True)
class FurniturePattern:
    """A page-furniture pattern applied to each line: drop the line, or cut a prefix/suffix/span."""

    name: str
    scope: str  # one of FURNITURE_SCOPES
    pattern: re.Pattern[str]
    max_chars: int | None = None  # only lines up to this length are tried (furniture is short)
    anchored: bool = False  # the pattern starts with "^": tried with match, at the line start only
    first_char: str | None = None  # a literal the pattern starts with: lines without it are skipped


class WordList:
    """Chinese words (2-4 characters, simplified) with log frequencies, from jieba's dictionary.

    It judges which byte alignment of suspected mojibake reads as Chinese, and whether a space
    splits a word. Read lazily, the first time one of those needs it (half a second, once).
    """

    def __init__(self, path: Path, min_freq: int = 5) -> None:
        self.path = path
        self.min_freq = min_freq
        self._weights: dict[str, float] | None = None
        self._index: tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]] | None = None

    @property
    def weights(self) -> dict[str, float]:
        if self._weights is None:
            weights = {}
            with open(self.path, encoding="utf-8") as handle:
                for line in handle:
                    word, freq = line.split(" ", 2)[:2]
                    if 2 <= len(word) <= 4 and int(freq) >= self.min_freq:
                        weights[word] = math.log(int(freq))
            self._weights = weights
        return self._weights

    def after(self, first: str) -> frozenset[str]:
        """Characters that follow `first` in a two-character word."""
        return self._pairs()[0].get(first, frozenset())

    def before(self, second: str) -> frozenset[str]:
        """Characters that precede `second` in a two-character word."""
        return self._pairs()[1].get(second, frozenset())

    def _pairs(self) -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
        if self._index is None:
            following: dict[str, set[str]] = {}
            preceding: dict[str, set[str]] = {}
            for word in self.weights:
                if len(word) == 2:
                    following.setdefault(word[0], set()).add(word[1])
                    preceding.setdefault(word[1], set()).add(word[0])
            self._index = (
                {k: frozenset(v) for k, v in following.items()},
                {k: frozenset(v) for k, v in preceding.items()},
            )
        return self._index

    def score(self, text: str, extra: dict[str, float] | None = None) -> float:
        """The best segmentation of `text` into words: the sum of their log frequencies. `extra`
        adds to the weight of some words (the article's own frequent bigrams)."""
        weights = self.weights
        best = [0.0] * (len(text) + 1)
        for i in range(2, len(text) + 1):
            value = best[i - 1]
            for size in (2, 3, 4) if i > 3 else range(2, i + 1):
                word = text[i - size : i]
                w = weights.get(word, 0.0) + extra.get(word, 0.0) if extra else weights.get(word, 0.0)
                if w and best[i - size] + w > value:
                    value = best[i - size] + w
            best[i] = value
        return best[-1]


@dataclass(frozen=True)
class TextRules:
    """Everything normalize needs that is data rather than code, compiled once."""

    seeds_dir: Path
    converters: dict[str, Any]  # OpenCC config name -> opencc.OpenCC
    variant_markers: tuple[tuple[str, str], ...]  # (config, marker word)
    substitutions: tuple[Substitution, ...]
    substitution_finder: re.Pattern[str] | None  # any `find` of the substitutions, longest first
    furniture: tuple[FurniturePattern, ...]
    # The same patterns sorted for speed: line-scope ones anchored at the line start (and without a
    # length limit) merged into one used with match, the other line-scope ones, the cutters.
    furniture_line_start: re.Pattern[str] | None
    furniture_line_other: tuple[FurniturePattern, ...]
    furniture_cutters: tuple[FurniturePattern, ...]
    furniture_lists: tuple[FurniturePattern, ...]  # headings of link lists (相关阅读:)
    words: WordList = field(compare=False)

    def __reduce__(self) -> tuple[Callable[[Path], TextRules], tuple[Path]]:
        # OpenCC objects do not pickle; rebuild from the same seeds instead.
        return (load_text_rules, (self.seeds_dir,))


def _read_rows(path: Path, columns: Sequence[str]) -> Iterable[tuple[int, dict[str, str]]]:
    """Rows of a seed CSV with their line numbers; raises ConfigError on a missing file or column."""
    if not path.is_file():
        raise ConfigError(f"{path}: seed file is missing")
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise ConfigError(f"{path} line 1: missing column(s) {', '.join(missing)}")
        for row in reader:
            yield reader.line_num, {k: (v or "") for k, v in row.items() if k is not None}


def _compile(path: Path, line: int, column: str, pattern: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise ConfigError(f"{path} line {line}: bad regex in {column}: {exc}") from exc


def _load_substitutions(path: Path) -> tuple[Substitution, ...]:
    rules = []
    for line, row in _read_rows(path, ("find", "replace", "left_context", "right_context")):
        if not row["find"] or not row["replace"]:
            raise ConfigError(f"{path} line {line}: find and replace must not be empty")
        if len(row["find"]) != len(row["replace"]):
            # Equal lengths keep the offset map 1:1 inside a substitution.
            raise ConfigError(f"{path} line {line}: replace must have as many characters as find")
        left = right = None
        if row["left_context"]:
            left = _compile(path, line, "left_context", f"(?:{row['left_context']})\\Z")
        if row["right_context"]:
            right = _compile(path, line, "right_context", row["right_context"])
        rules.append(Substitution(row["find"], row["replace"], left, right, f"{path.name}:{line}"))
    return tuple(rules)


def _load_furniture(path: Path) -> tuple[FurniturePattern, ...]:
    patterns = []
    for line, row in _read_rows(path, ("name", "scope", "max_chars", "pattern")):
        if row["scope"] not in FURNITURE_SCOPES:
            raise ConfigError(f"{path} line {line}: scope must be one of {', '.join(FURNITURE_SCOPES)}")
        if not row["name"] or not row["pattern"]:
            raise ConfigError(f"{path} line {line}: name and pattern must not be empty")
        if row["max_chars"] and not row["max_chars"].isdigit():
            raise ConfigError(f"{path} line {line}: max_chars must be a whole number or empty")
        pattern = _compile(path, line, "pattern", row["pattern"])
        max_chars = int(row["max_chars"]) if row["max_chars"] else None
        anchored = row["pattern"].startswith("^")
        first = _leading_literal(row["pattern"].removeprefix("^"))
        patterns.append(FurniturePattern(row["name"], row["scope"], pattern, max_chars, anchored, first))
    return tuple(patterns)


def _leading_literal(pattern: str) -> str | None:
    """The character a regex must start with when it starts with a plain or escaped literal."""
    if pattern[:1] and pattern[0] not in "\\.^$*+?{}[]|()":
        return None if pattern[1:2] in ("*", "?", "{") else pattern[0]
    if pattern[:1] == "\\" and pattern[1:2] and not pattern[1].isalnum():
        return None if pattern[2:3] in ("*", "?", "{") else pattern[1]
    return None


def _load_variants(path: Path) -> tuple[tuple[str, str], ...]:
    markers = []
    for line, row in _read_rows(path, ("config", "marker")):
        if not row["config"] or not row["marker"]:
            raise ConfigError(f"{path} line {line}: config and marker must not be empty")
        markers.append((row["config"], row["marker"]))
    return tuple(markers)


def _merge(patterns: Iterable[str]) -> re.Pattern[str] | None:
    merged = "|".join(f"(?:{p})" for p in patterns)
    return re.compile(merged) if merged else None


def load_text_rules(seeds_dir: Path) -> TextRules:
    """Read and validate the text-rule seed files; raises ConfigError naming the file and line."""
    import jieba  # only for the location of its dictionary

    seeds_dir = Path(seeds_dir)
    markers = _load_variants(seeds_dir / VARIANTS_FILE)
    converters: dict[str, Any] = {}
    for config in {DEFAULT_CONFIG, *(c for c, _ in markers)}:
        try:
            converters[config] = opencc.OpenCC(config)
        except Exception as exc:  # OpenCC raises a bare Exception for an unknown config
            message = f"{seeds_dir / VARIANTS_FILE}: unknown OpenCC config {config!r}: {exc}"
            raise ConfigError(message) from exc
    substitutions = _load_substitutions(seeds_dir / SUBSTITUTIONS_FILE)
    finds = sorted({s.find for s in substitutions}, key=len, reverse=True)
    furniture = _load_furniture(seeds_dir / FURNITURE_FILE)
    merged = [f for f in furniture if f.scope == "line" and f.anchored and f.max_chars is None]
    return TextRules(
        seeds_dir=seeds_dir,
        converters=converters,
        variant_markers=markers,
        substitutions=substitutions,
        substitution_finder=re.compile("|".join(map(re.escape, finds))) if finds else None,
        furniture=furniture,
        furniture_line_start=_merge(f.pattern.pattern[1:] for f in merged),
        furniture_line_other=tuple(f for f in furniture if f.scope == "line" and f not in merged),
        furniture_cutters=tuple(f for f in furniture if f.scope not in ("line", "list")),
        furniture_lists=tuple(f for f in furniture if f.scope == "list"),
        words=WordList(Path(jieba.__file__).parent / "dict.txt"),
    )


# ----------------------------------------------------------------------------------------------
# Edits and the offset map
# ----------------------------------------------------------------------------------------------

Edit = tuple[int, int, str]  # replace text[start:end] with the string


def _apply_edits(text: str, offsets: list[int], edits: Sequence[Edit]) -> tuple[str, list[int]]:
    """Apply sorted, non-overlapping edits; each new character maps to the raw index of its source.

    A replacement of equal length maps character by character; a shorter or longer one maps its
    k-th character to the k-th replaced character (the last one once they run out).
    """
    if not edits:
        return text, offsets
    pieces: list[str] = []
    new_offsets: list[int] = []
    pos = 0
    for start, end, repl in edits:
        if start > pos:
            pieces.append(text[pos:start])
            new_offsets += offsets[pos:start]
        if repl:
            pieces.append(repl)
            if len(repl) == end - start:
                new_offsets += offsets[start:end]
            else:
                last = max(end - 1, start)
                new_offsets += [offsets[min(start + k, last)] for k in range(len(repl))]
        pos = end
    pieces.append(text[pos:])
    new_offsets += offsets[pos:]  # includes the final len(raw_text) entry
    return "".join(pieces), new_offsets


def _regex_edits(
    pattern: re.Pattern[str], text: str, repl: Callable[[re.Match[str]], str | None]
) -> list[Edit]:
    """Edits from a regex: `repl` returns the replacement, or None to leave a match alone."""
    edits = []
    for m in pattern.finditer(text):
        new = repl(m)
        if new is not None and new != m.group():
            edits.append((m.start(), m.end(), new))
    return edits


# ----------------------------------------------------------------------------------------------
# Bytes -> str
# ----------------------------------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE, whose mark it starts with
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CJK_ENCODINGS = ("gb18030", "big5")
_MAX_REPLACEMENT_SHARE = 0.01  # a UTF-8 text with up to 1 % broken bytes is still UTF-8
# A file is read whole, so it gets the cap a fetched page has (FetchPolicy.max_bytes): beyond it an
# "article" is a dump or an archive, and cleaning and extracting it would take minutes and gigabytes.
MAX_ARTICLE_BYTES = 5_000_000
# Common Chinese characters and CJK punctuation; what a right decoding of Chinese text is made of.
_CHINESE_TEXT = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef\u2018-\u201d\u2026\u2014]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


class UndecodableError(ValueError):
    """The bytes are not text in any encoding we read (the reason is the message)."""


_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")


def _looks_binary(data: bytes) -> bool:
    """NUL bytes, or more than 1 % control bytes, in the first 4 KB."""
    sample = data[:4096]
    if b"\x00" in sample:
        return True
    return len(_CONTROL_BYTES.findall(sample)) > max(2, len(sample) // 100)


def decode_bytes(data: bytes, hint: str | None) -> tuple[str, str]:
    """Decode one document's bytes: (text, encoding name).

    Order: a byte-order mark; binary content (NUL or control bytes: UTF-16 without a mark counts
    as binary); strict UTF-8 (the fast path); the hint, or an HTML meta charset (unless GB18030 or
    Big5 reads clearly more like Chinese: a wrong declaration); strict GB18030 and Big5
    (charset-normalizer decides when both decode); UTF-8 with under 1 % broken bytes.
    Raises UndecodableError("binary") or UndecodableError("undecodable").
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding.replace("-sig", "")
            except UnicodeDecodeError as exc:
                raise UndecodableError("undecodable") from exc
    if _looks_binary(data):
        raise UndecodableError("binary")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    hints = [hint] if hint else []
    meta = re.search(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_\-]+)""", data[:4096], re.IGNORECASE)
    if meta:
        hints.append(meta.group(1).decode("ascii"))
    for name in hints:
        try:
            encoding = codecs.lookup(name).name
            if encoding in ("gbk", "gb2312", "cp936"):
                encoding = "gb18030"  # a superset: pages labelled GBK/GB2312 often use GBK-only characters
            text = data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
        return _unless_misdeclared(data, text, encoding)
    decoded = {}
    for encoding in _CJK_ENCODINGS:
        try:
            decoded[encoding] = data.decode(encoding)
        except UnicodeDecodeError:
            continue
    if len(decoded) == 1:
        return next(iter(decoded.items()))[::-1]
    if len(decoded) > 1:
        from charset_normalizer import from_bytes

        best = from_bytes(data, cp_isolation=list(decoded)).best()
        encoding = codecs.lookup(best.encoding).name if best is not None else "gb18030"
        encoding = "big5" if "big5" in encoding else "gb18030"
        return decoded[encoding], encoding
    text = data.decode("utf-8", errors="replace")
    if text.count("\ufffd") <= _MAX_REPLACEMENT_SHARE * len(text):
        return text, "utf-8"
    raise UndecodableError("undecodable")


def _chinese_share(text: str) -> float:
    """Share of the non-ASCII characters (in the first 20,000) that are Chinese characters or CJK
    punctuation: near 1 for Chinese decoded right, low for Latin-1 or Big5-read-as-GBK mojibake."""
    sample = text[:20000]
    non_ascii = len(_NON_ASCII.findall(sample))
    return len(_CHINESE_TEXT.findall(sample)) / non_ascii if non_ascii else 1.0


def _unless_misdeclared(data: bytes, text: str, encoding: str) -> tuple[str, str]:
    """The declared decoding, unless a Chinese encoding decodes the bytes too and reads clearly
    more like Chinese: servers that say ISO-8859-1 (a common default) or GBK for Big5 are wrong."""
    share = _chinese_share(text)
    best = (text, encoding)
    for candidate in _CJK_ENCODINGS:
        if candidate == encoding:
            continue
        try:
            decoded = data.decode(candidate)
        except UnicodeDecodeError:
            continue
        candidate_share = _chinese_share(decoded)
        if candidate_share > share + 0.2:
            best, share = (decoded, candidate), candidate_share
    return best


_HTML_START = re.compile(r"\s*<(?:!doctype|html|head|body|div|p|article|meta|title)\b", re.IGNORECASE)
_HTML_ANYWHERE = re.compile(r"<html\b|<p>|<br\s*/?>|</p>", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """A page rather than plain text: starts with a tag, or holds <html / <p> / <br>."""
    return bool(_HTML_START.match(text[:200]) or _HTML_ANYWHERE.search(text[:20000]))


def html_to_text(page: str) -> tuple[str, str | None, str | None]:
    """Article text of an HTML page with trafilatura: (text, title, published ISO date)."""
    import trafilatura

    doc = trafilatura.bare_extraction(page, with_metadata=True, include_comments=False, include_tables=True)
    if not isinstance(doc, trafilatura.settings.Document):  # None: nothing readable
        return "", None, None
    title = (doc.title or "").strip() or None
    body = (doc.text or "").strip()
    if title and title not in body[: 4 * len(title) + 200]:
        body = f"{title}\n{body}"
    published = doc.date if doc.date and re.fullmatch(r"\d{4}-\d{2}-\d{2}", doc.date) else None
    return body, title, published


# ----------------------------------------------------------------------------------------------
# Step 1: mojibake
# ----------------------------------------------------------------------------------------------
#
# The reprint sites of seeds 002/003 stored traditional text as GBK and glossed characters with
# pinyin by scanning the bytes, sometimes one byte out of step: in 鏈式 (E6 9C | CA BD) the
# glosser found 準 (9C CA) and put "(zhǔn)" inside 式. Read back as GBK, the byte before the "("
# cannot pair with it and becomes "?" (eating the "("), and what follows is shifted by one byte
# -- 式招商 shows as 秸猩 -- until an ASCII-range trail byte (0x40-0x7E) or another "?" (which
# eats the "&" of the next entity) puts the reader back in step. A lost byte shifts the text the
# same way with or without a "?": "?，F" is 。現 (A1 A3 | AC 46), "！笔姓" is 。”市 (A1 A3 | A1 B1 |
# CA ..); the copies we get have since had "，" folded to ",". Repair: re-encode the run as GBK
# (folded punctuation as its full-width form), shift it back one byte and decode. A lost byte is
# guessed -- full-width punctuation when it fits, else the character that makes the best words
# -- or dropped and counted. Unless a gloss remnant proves the damage, a repair is kept only
# when it reads as better Chinese (dictionary words) than the text it replaces.

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_SYLLABLE = rf"[a-zü]{{0,6}}[{_TONED}][a-zü]{{0,6}}"
_CJK_CHAR = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_ONE_GLOSS = rf"[(（](?:{_SYLLABLE})(?: {_SYLLABLE})*[)）]"  # "(shí)", also in full-width parentheses
# Glosses right after a CJK character; the look-behind sits after the "(" so the scan is fast.
_GLOSS = re.compile(rf"[(（](?<=[{_CJK_CHAR}][(（])(?:{_SYLLABLE})(?: {_SYLLABLE})*[)）](?:{_ONE_GLOSS})*")
_GLOSS_FAST = re.compile(rf"{_ONE_GLOSS}(?:{_ONE_GLOSS})*")  # any glosses, to clean a scoring window
_LEADING_GLOSS = re.compile(rf"^{_ONE_GLOSS}")  # the gloss of a repaired character
_PINYIN_REMNANT = re.compile(rf"{_SYLLABLE}(?: {_SYLLABLE})*[)）]")  # a gloss whose "(" was eaten
# Where a shifted run can start: after a "?" that follows CJK (the lost byte's marker), or at a
# "！" (A3 A1, often folded to "!") right after CJK, whose lost lead byte left no marker.
_MOJIBAKE_TRIGGER = re.compile(r"[?!！]")  # counts only after a non-ASCII character
_FOLDED_PUNCT = {c: chr(ord(c) + 0xFEE0) for c in "!,;:"}  # "!" may be a folded "！" (A3 A1)
_PUNCT_CANDIDATES = "。，、；：？！“”‘’（）《》…—"
_MAX_RUN = 40
_WINDOW = 4  # context characters on each side when judging a repair

# Entity names that web text in Chinese actually uses; only these are decoded when the "&" is lost.
_TYPOGRAPHIC_ENTITIES = frozenset(
    "rdquo ldquo lsquo rsquo nbsp amp quot apos mdash ndash hellip middot bull laquo raquo lt gt "
    "times deg emsp ensp thinsp copy reg trade yen".split()
)
_BARE_ENTITY = re.compile(r"(?<![A-Za-z&])(?<!&amp;)([a-z]{2,6});")  # also after another one (rdquo;rdquo;)


def _is_entity_remnant(text: str, pos: int) -> bool:
    m = _BARE_ENTITY.match(text, pos)
    return m is not None and m.group(1) in _TYPOGRAPHIC_ENTITIES


def _gbk(ch: str) -> bytes | None:
    try:
        encoded = _FOLDED_PUNCT.get(ch, ch).encode("gbk")
    except UnicodeEncodeError:
        return None
    return encoded if len(encoded) == 2 else None


def _gbk_char(lead: int, trail: int) -> str | None:
    try:
        ch = bytes((lead, trail)).decode("gbk")
    except UnicodeDecodeError:
        return None
    return ch if len(ch) == 1 and ord(ch) >= 0x80 else None


@dataclass
class _Run:
    """A byte-shifted stretch: the pairs to decode and where it ends. The first lead byte is lost."""

    start: int  # index of the first character replaced (the "?" marker, if any)
    pairs: list[tuple[int | None, int | None]]  # (lead, trail) bytes; None = lost
    sources: list[int]  # index of the character that supplied each pair's trail byte (or its "?")
    end: int  # index just past the run, its closing "?" and any remnant that "?" left
    glossed_after: int | None  # trail byte before a gloss whose "(" the opening "?" ate
    entity: tuple[int, str] | None = None  # (index, value) of an entity whose "&" the closing "?" ate


def _scan_run(text: str, trigger: int) -> _Run | None:
    """Read the shifted run at `trigger`; None when it never gets back in step."""
    pos = trigger
    glossed_after = None
    if text[trigger] == "?":
        pos += 1
        remnant = _PINYIN_REMNANT.match(text, pos)
        if remnant:
            before = _gbk(text[trigger - 1])
            if before is None:
                return None
            glossed_after, pos = before[1], remnant.end()
        elif _is_entity_remnant(text, pos):
            return None
    pairs: list[tuple[int | None, int | None]] = []
    sources: list[int] = []
    lead: int | None = None
    while pos < len(text) and len(pairs) <= _MAX_RUN:
        ch = text[pos]
        if ch == "?":  # the closing "?": a lost trail byte, which swallowed the next ASCII byte
            pairs.append((lead, None))
            sources.append(pos)
            after = pos + 1
            if _is_entity_remnant(text, after):
                name = _BARE_ENTITY.match(text, after)
                assert name is not None
                entity = (after, _entity_value(name.group()))
                return _Run(trigger, pairs, sources, name.end(), glossed_after, entity)
            remnant = _PINYIN_REMNANT.match(text, after)
            return _Run(trigger, pairs, sources, remnant.end() if remnant else after, glossed_after)
        if 0x40 <= ord(ch) <= 0x7E:  # an ASCII-range trail byte puts the reader back in step
            if not pairs and lead is None and glossed_after is None:
                return None
            pairs.append((lead, ord(ch)))
            sources.append(pos)
            return _Run(trigger, pairs, sources, pos + 1, glossed_after)
        encoded = _gbk(ch)
        if encoded is None:
            return None
        pairs.append((lead, encoded[0]))
        sources.append(pos)
        lead = encoded[1]
        pos += 1
    return None


_TRAIL_BYTES = tuple(b for b in range(0x40, 0xFF) if b != 0x7F)


@functools.lru_cache(maxsize=1024)
def _pairs_with(lead: int | None, trail: int | None) -> tuple[tuple[int, str], ...]:
    """(missing byte, character) for every GBK character that has the given byte in place."""
    if lead is None and trail is not None:
        return tuple((b, ch) for b in range(0x81, 0xFF) if (ch := _gbk_char(b, trail)))
    if lead is not None and trail is None:
        return tuple((b, ch) for b in _TRAIL_BYTES if (ch := _gbk_char(lead, b)))
    return ()


def _slot_options(run: _Run, i: int, convert: Callable[[str], str]) -> list[str]:
    """What the pair at `i`, which lost one byte, can have been."""
    lead, trail = run.pairs[i]
    pairs = _pairs_with(lead, trail)
    if lead is None and i == 0 and run.glossed_after is not None:
        # The glosser read (byte before the gloss, our lost lead) as a traditional character.
        glossed = dict(_pairs_with(run.glossed_after, None))
        keys = [b for b, _ in pairs if b in glossed]
        simplified = convert("".join(glossed[b] for b in keys))
        if len(simplified) == len(keys):
            keys = [b for b, s in zip(keys, simplified) if s != glossed[b]]
        kept = set(keys)
        pairs = tuple(p for p in pairs if p[0] in kept)
    return [ch for _, ch in pairs]


def _repair_run(
    text: str, run: _Run, rules: TextRules, document: Callable[[], str]
) -> tuple[list[tuple[str, int]], int] | None:
    """The repaired characters, each with the text index it maps to, and how many were dropped;
    None when the run does not decode or the repair reads no better than the text. `document()`
    is the article in simplified characters: its own frequent bigrams count as words too (an
    article about 招商 says 招商, not the more common 招生)."""
    chars: list[str] = []
    slots: list[int] = []
    for i, (lead, trail) in enumerate(run.pairs):
        if lead is not None and trail is not None:
            ch = _gbk_char(lead, trail)
            if ch is None:
                return None
            chars.append(ch)
        else:
            chars.append("")
            slots.append(i)
    convert = rules.converters[DEFAULT_CONFIG].convert
    left = _GLOSS_FAST.sub("", text[max(0, run.start - 3 * _WINDOW) : run.start])[-_WINDOW:]
    right = _GLOSS_FAST.sub("", text[run.end : run.end + 3 * _WINDOW])[:_WINDOW]

    def score(middle: Sequence[str], extra: dict[str, float] | None = None) -> float:
        return rules.words.score(convert(left + "".join(middle) + right), extra)

    dropped = 0
    open_slots = []
    for i in slots:
        # A pair that lost both bytes could be any character: it is dropped.
        options = _slot_options(run, i, convert) if run.pairs[i].count(None) == 1 else []
        option_set = set(options)
        punct = [c for c in _PUNCT_CANDIDATES if c in option_set]
        if punct:
            chars[i] = punct[0]
        elif options:
            open_slots.append((i, options))
        else:
            dropped += 1
    # Choose the lost characters: the best for the first slot, then the best for the next given it.
    for i, options in open_slots:
        before = convert(chars[i - 1] if i and chars[i - 1] else left[-1:])
        after = convert(chars[i + 1] if i + 1 < len(chars) and chars[i + 1] else right[:1])
        extra = _neighbour_bigrams(document(), before, after)
        best, best_score = "", score(chars, extra)
        for candidate in _word_forming(options, before, after, convert, rules.words, extra):
            chars[i] = candidate
            value = score(chars, extra)
            if value > best_score:
                best, best_score = candidate, value
        chars[i] = best
        dropped += best == ""
    if not any(chars):
        return None
    if run.glossed_after is None and score(chars) <= score([_GLOSS_FAST.sub("", text[run.start : run.end])]):
        return None
    mapped = [(c, src) for c, src in zip(chars, run.sources) if c]
    if run.entity:
        mapped.append((run.entity[1], run.entity[0]))
    return mapped, dropped


def _word_forming(
    options: Sequence[str], before: str, after: str, convert: Callable[[str], str],
    words: WordList, extra: dict[str, float],
) -> list[str]:
    """The options that make a two-character word with a neighbour (the rest cannot score)."""
    simplified = convert("\n".join(options)).split("\n")
    if len(simplified) != len(options):
        return list(options)
    fitting = words.after(before) | words.before(after)
    fitting |= {bigram[1] for bigram in extra if bigram[0] == before}
    fitting |= {bigram[0] for bigram in extra if bigram[1] == after}
    return [option for option, s in zip(options, simplified) if s in fitting]


def _neighbour_bigrams(document: str, before: str, after: str) -> dict[str, float]:
    """Bigrams the article uses more than twice that start with `before` or end with `after`,
    weighted like dictionary words."""
    counts: Counter[str] = Counter()
    if len(before) == 1 and _is_cjk(before):
        counts.update(before + c for c in re.findall(re.escape(before) + f"([{_CJK_CHAR}])", document))
    if len(after) == 1 and _is_cjk(after):
        counts.update(c + after for c in re.findall(f"([{_CJK_CHAR}])" + re.escape(after), document))
    return {bigram: 2.0 * math.log(n) for bigram, n in counts.items() if n > 2}


def _placement_edits(start: int, end: int, mapped: Sequence[tuple[str, int]]) -> list[Edit]:
    """Edits that replace text[start:end] so each new character sits on its source index."""
    at: dict[int, str] = {}
    for ch, src in mapped:
        at[src] = at.get(src, "") + ch
    edits: list[Edit] = []
    gap = start
    for pos in sorted(at):
        if pos > gap:
            edits.append((gap, pos, ""))
        edits.append((pos, pos + 1, at[pos]))
        gap = pos + 1
    if gap < end:
        edits.append((gap, end, ""))
    return edits


_STRANDED = re.compile(r"[?\ufffd\ue000-\uf8ff]")  # "?" markers, replacement and private-use chars
_QUESTION_RUN = re.compile(r"\?+")
_INVISIBLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u2060\ufeff]")


def _mojibake_edits(text: str, rules: TextRules) -> tuple[list[Edit], int]:
    """Edits that realign byte-shifted GBK runs and drop what cannot be read: (edits, chars lost)."""
    edits: list[Edit] = []
    lost = 0
    covered_to = 0
    simplified: list[str] = []

    def document() -> str:
        if not simplified:
            simplified.append(rules.converters[DEFAULT_CONFIG].convert(_GLOSS_FAST.sub("", text)))
        return simplified[0]

    for m in _MOJIBAKE_TRIGGER.finditer(text):
        if m.start() < covered_to or not _after_non_ascii(text, m.start()):
            continue
        run = _scan_run(text, m.start())
        repair = _repair_run(text, run, rules, document) if run is not None else None
        if run is None or repair is None:
            continue
        mapped, dropped = repair
        edits += _placement_edits(run.start, run.end, mapped)
        lost += dropped
        covered_to = run.end
    skip_to = 0
    cleared_to = -1  # end of the last stranded marker removed after non-ASCII text
    for m in _STRANDED.finditer(text):
        start = m.start()
        if start < skip_to or (start < covered_to and any(s <= start < e for s, e, _ in edits)):
            continue
        end = start + 1
        if m.group() != "?":
            edits.append((start, end, ""))
            lost += 1
        elif _is_entity_remnant(text, end):  # the lost byte ate the "&" of an entity
            edits.append((start, end, "&"))
            lost += 1
        elif start == cleared_to or _after_non_ascii(text, start):  # else "?" is a question mark
            gloss = _PINYIN_REMNANT.match(text, end)
            marks = _QUESTION_RUN.match(text, start)
            if gloss:  # a glossed character lost with its "("
                end = gloss.end()
                lost += 1
            elif marks and marks.end() - start > 1 and _before_non_ascii(text, marks.end()):
                end = marks.end()  # several lost characters between CJK ones
                lost += end - start
            else:
                continue
            edits.append((start, end, ""))
            cleared_to = end
        skip_to = end
    edits += [(m.start(), m.end(), "") for m in _INVISIBLE.finditer(text)]
    return _disjoint(edits), lost


_GLOSS_BEFORE = re.compile(rf"{_ONE_GLOSS}\Z")
_ENTITY_BEFORE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]{2,8}[0-9]{0,2});\Z")
_BARE_ENTITY_BEFORE = re.compile(r"(?<![A-Za-z&;])([a-z]{2,6});\Z")


def _entity_value(name: str) -> str:
    """What an entity stands for; `name` with or without its "&"."""
    return html.unescape(name if name.startswith("&") else f"&{name}")


def _after_non_ascii(text: str, pos: int) -> bool:
    """The character before `pos` is not ASCII -- looking through an entity, or past a gloss.

    "?" and "!" only mark mojibake after CJK text; after ASCII text they are punctuation.
    """
    if not pos:
        return False
    if ord(text[pos - 1]) >= 0x80:
        return True
    if text[pos - 1] == ";":
        entity = _ENTITY_BEFORE.search(text, max(0, pos - 12), pos)
        if entity is None:
            bare = _BARE_ENTITY_BEFORE.search(text, max(0, pos - 8), pos)
            entity = bare if bare and bare.group(1) in _TYPOGRAPHIC_ENTITIES else None
        return entity is not None and not _entity_value(entity.group()).isascii()
    if text[pos - 1] in ")）":
        gloss = _GLOSS_BEFORE.search(text, max(0, pos - 24), pos)
        return gloss is not None and gloss.start() > 0 and ord(text[gloss.start() - 1]) >= 0x80
    return False


def _before_non_ascii(text: str, pos: int) -> bool:
    """The character at `pos` is not ASCII, or an entity for a non-ASCII character starts there."""
    if pos >= len(text):
        return False
    if ord(text[pos]) >= 0x80:
        return True
    entity = _ENTITY.match(text, pos)
    if entity is None and _is_entity_remnant(text, pos):
        entity = _BARE_ENTITY.match(text, pos)
    return entity is not None and not _entity_value(entity.group()).isascii()


def _disjoint(edits: list[Edit]) -> list[Edit]:
    """Sort edits and drop any that overlaps an earlier one."""
    out: list[Edit] = []
    for edit in sorted(edits):
        if out and edit[0] < out[-1][1]:
            continue
        out.append(edit)
    return out


# ----------------------------------------------------------------------------------------------
# Steps 2-6: entities, glosses, script, width, substitutions
# ----------------------------------------------------------------------------------------------

_SEMICOLON = re.compile(";")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]{2,8}[0-9]{0,2});")


def _entity_edits(text: str) -> list[Edit]:
    """Decode entities, also doubly escaped ones (&amp;nbsp;) and typographic ones that lost the "&"."""

    def decode(m: re.Match[str]) -> str | None:
        value = html.unescape(m.group())
        while "&" in value and (again := html.unescape(value)) != value:
            value = again
        return value

    def bare(m: re.Match[str]) -> str | None:
        return _entity_value(m.group()) if m.group(1) in _TYPOGRAPHIC_ENTITIES else None

    edits = _regex_edits(_ENTITY, text, decode) if "&" in text else []
    for semicolon in (m.start() for m in _SEMICOLON.finditer(text)):
        bare_match = _BARE_ENTITY.search(text, max(0, semicolon - 7), semicolon + 1)
        if bare_match and bare_match.end() == semicolon + 1 and (value := bare(bare_match)) is not None:
            edits.append((bare_match.start(), bare_match.end(), value))
    return _disjoint(edits)


def choose_config(text: str, rules: TextRules) -> str:
    """OpenCC config: the variant whose marker words occur most often (at least twice), else t2s."""
    hits: dict[str, int] = {}
    for config, marker in rules.variant_markers:
        if marker in text:
            hits[config] = hits.get(config, 0) + text.count(marker)
    config, count = max(hits.items(), key=lambda kv: kv[1], default=(DEFAULT_CONFIG, 0))
    return config if count >= 2 else DEFAULT_CONFIG


def convert_script(text: str, converter: Any) -> str:
    """Simplified text of the same length; a line where OpenCC changes the length goes char by char."""
    converted = converter.convert(text)
    if len(converted) == len(text):
        return str(converted)
    lines = []
    for line in text.split("\n"):
        out = converter.convert(line)
        if len(out) != len(line):
            out = "".join(c if len(c) == 1 else ch for ch in line for c in (converter.convert(ch),))
        lines.append(out)
    return "\n".join(lines)


_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FOLD.update({code: 0x20 for code in (0x09, 0x3000, 0x00A0, 0x202F, 0x205F, *range(0x2002, 0x200B))})
_FOLDABLE = re.compile("[" + "".join(re.escape(chr(code)) for code in _FOLD) + "]")


def fold_width(text: str) -> str:
    """Full-width ASCII-range characters to half-width; no-break, ideographic and other spaces and
    tabs to a space. Not NFKC: 。、“”‘’…— stay. 1:1 in length."""
    for ch in set(_FOLDABLE.findall(text)):  # a few str.replace calls beat translate() on CJK text
        text = text.replace(ch, chr(_FOLD[ord(ch)]))
    return text


def _gloss_edits(text: str) -> list[Edit]:
    """Delete pinyin glosses "(shí)" that follow a CJK character; real parentheses stay."""
    if "(" not in text and "（" not in text:
        return []
    return [(m.start(), m.end(), "") for m in _GLOSS.finditer(text)]


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"


def _substitution_edits(text: str, rules: TextRules) -> list[Edit]:
    """Reviewed substitutions (seeds/substitutions.csv) where their contexts match; equal lengths."""
    if rules.substitution_finder is None:
        return []
    edits: list[Edit] = []
    for m in rules.substitution_finder.finditer(text):
        for rule in rules.substitutions:
            if rule.find != m.group():
                continue
            if rule.left is not None and not rule.left.search(text, max(0, m.start() - 16), m.start()):
                continue
            if rule.right is not None and not rule.right.match(text, m.end()):
                continue
            edits.append((m.start(), m.end(), rule.replace))
            break
    return edits


# ----------------------------------------------------------------------------------------------
# Steps 7-9: paragraphs, spaces, lines and numbers
# ----------------------------------------------------------------------------------------------

_SENTENCE_END = "。！？!?…"
_CLOSERS = "”’」』\"')）"
_GLUED_PARAGRAPH = re.compile(r"([。！？!?…][”’」』]?) +(?=\S)")
_BODY_PUNCT = re.compile(r"[,;]")
_BULLETS = "■□●○▲△◆◇★☆•·-*|"
_HEADING_SPACE = re.compile(rf"[{_CJK_CHAR}”] +[{_CJK_CHAR}“]")
_CONTINUATION_START = re.compile(rf"[{_CJK_CHAR}0-9A-Za-z“‘(]")
_SPLIT_NUMBER_HINT = re.compile(r" \d\d\d")
_SPLIT_NUMBER = re.compile(r"(?<![\d.,])\d{1,3}(?: \d{3})+(?=\.\d|[%\u4e00-\u9fff])")


def _joined_number(m: re.Match[str], raw_text: str, offsets: list[int]) -> str:
    """The number without its digit-group spaces, unless a space was a tab: table cells (31\t228.6), whose
    tabs are kept (as a space, the next normalization would join the cells)."""
    tabs = [i for i, ch in enumerate(m.group()) if ch == " " and raw_text[offsets[m.start() + i]] == "\t"]
    if tabs:
        return "".join("\t" if i in tabs else ch for i, ch in enumerate(m.group()))
    return m.group().replace(" ", "")


_STRAY_SPACE = re.compile(r" (?=[\u4e00-\u9fff])")  # counts only after a CJK character
_MIN_WORD_WEIGHT = math.log(200)  # a common word: the space inside it is a layout leftover


def _stray_space_edits(text: str, rules: TextRules) -> list[Edit]:
    """Drop a space that splits a common two-character word (洽谈会期 间 -> 期间, 交通物 流 -> 物流).
    Spaces between names, headline phrases or quoted slogans do not join into a word and stay."""
    edits: list[Edit] = []
    for m in _STRAY_SPACE.finditer(text):
        if not m.start() or not "\u4e00" <= text[m.start() - 1] <= "\u9fff":
            continue
        if rules.words.weights.get(text[m.start() - 1] + text[m.end()], 0.0) >= _MIN_WORD_WEIGHT:
            edits.append((m.start(), m.end(), ""))
    return edits


def _glued_paragraph(text: str, m: re.Match[str]) -> str | None:
    """A space after a full stop starts a new paragraph (seed 003 is one line held together by them)."""
    if m.group(1)[0] in "!?" and (not m.start() or ord(text[m.start() - 1]) < 0x80):
        return None  # "Hi! There" is English, not a paragraph break
    return m.group(1) + "\n"


_JOIN_REACH = 400  # how far back a broken sentence is looked at
_SENTENCE_STOP = re.compile("[" + _SENTENCE_END + "]")


def _ends_sentence(line: str) -> bool:
    stripped = line.rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _SENTENCE_END


def _can_join(prev: str, nxt: str) -> bool:
    """A hard line break inside a sentence: the first line stops in the middle of a sentence that
    has body punctuation (a comma) and the next line carries on as body text. Headings (no comma,
    or phrases set apart by spaces), captions and list items are never joined."""
    if _ends_sentence(prev) or prev[0] in _BULLETS:
        return False
    tail = prev[-_JOIN_REACH:]
    unfinished = _SENTENCE_STOP.split(tail)[-1]
    # A sentence that starts after a finished one on the same line is body text; one that starts
    # the line needs body punctuation to be told from a heading.
    starts_line = len(unfinished) == len(tail)
    if (starts_line and not _BODY_PUNCT.search(unfinished)) or _HEADING_SPACE.search(unfinished):
        return False
    # The next line must itself read as body text; a heading after a broken line stays apart.
    # (Asking only this of the next line keeps the joining idempotent.)
    if not _CONTINUATION_START.match(nxt) or _LEADING_GLOSS.match(nxt):
        return False
    return bool(_BODY_PUNCT.search(nxt) or _SENTENCE_STOP.search(nxt))


_SUFFIX_REACH = 60


def _may_match(rule: FurniturePattern, line: str, size: int) -> bool:
    """Cheap tests before the regex: the line is short enough and holds the pattern's first literal."""
    if rule.max_chars is not None and size > rule.max_chars:
        return False
    return rule.first_char is None or rule.first_char in line


def _furniture_cut(line: str, rules: TextRules) -> tuple[bool, list[tuple[int, int]], int]:
    """(drop the whole line?, spans to cut from it, how many patterns fired)."""
    if rules.furniture_line_start and rules.furniture_line_start.match(line):
        return True, [], 1
    size = len(line)
    for rule in rules.furniture_line_other:
        if _may_match(rule, line, size) and (rule.pattern.match if rule.anchored else rule.pattern.search)(line):
            return True, [], 1
    cuts: list[tuple[int, int]] = []
    for rule in rules.furniture_cutters:
        if not _may_match(rule, line, size):
            continue
        if rule.scope == "inline":
            cuts += [m.span() for m in rule.pattern.finditer(line) if m.end() > m.start()]
            continue
        if rule.anchored:
            m = rule.pattern.match(line)
        elif rule.scope == "suffix":  # a suffix sits in the last characters of the line
            m = rule.pattern.search(line, max(0, size - _SUFFIX_REACH))
        else:
            m = rule.pattern.search(line)
        if m and m.end() > m.start():
            cuts.append(m.span())
    return False, cuts, len(cuts)


def _cut_furniture(line: str, cuts: list[tuple[int, int]], rules: TextRules) -> tuple[list[int], int]:
    """Indexes of `line` left after the cuts and after trimming; what remains is checked again (a
    cut can uncover more furniture). Returns (indexes kept, [] if the line goes; patterns fired)."""
    kept = list(range(len(line)))
    fired = 0
    while cuts:  # each round removes at least one character, so this ends
        removed = {kept[i] for a, b in cuts for i in range(a, b)}
        kept = [i for i in kept if i not in removed]
        while kept and line[kept[0]].isspace():
            kept.pop(0)
        while kept and line[kept[-1]].isspace():
            kept.pop()
        if not kept:
            return [], fired
        drop, cuts, more = _furniture_cut("".join(line[i] for i in kept), rules)
        fired += more
        if drop:
            return [], fired
    return kept, fired


def _runs(indexes: list[int]) -> list[tuple[int, int]]:
    """Contiguous [a, b) runs of sorted indexes."""
    runs: list[tuple[int, int]] = []
    for i in indexes:
        if runs and runs[-1][1] == i:
            runs[-1] = (runs[-1][0], i + 1)
        else:
            runs.append((i, i + 1))
    return runs


def _is_headline(line: str) -> bool:
    """A short line without a full stop: an item of a list of links (· 邢台1—7月实际利用外资增长8.3%)."""
    return len(line) <= 40 and "。" not in line


def _line_edits(text: str, rules: TextRules) -> tuple[list[Edit], int, list[tuple[str, bool]]]:
    """Edits that drop furniture and blank lines, trim lines and rejoin broken sentences.

    Returns (edits, furniture pieces removed, the non-blank lines before furniture removal with
    whether each was dropped as furniture).
    """
    seen: list[tuple[str, bool]] = []
    kept: list[tuple[int, int, str]] = []  # start, end (in text) and content of each kept line
    edits: list[Edit] = []
    furniture = 0
    pos = 0
    in_list = False  # after a link list's heading (相关阅读:), its headlines go too
    for raw_line in text.split("\n"):
        line_start = pos
        pos += len(raw_line) + 1
        line = raw_line.strip()
        if not line:
            continue
        begin = line_start + len(raw_line) - len(raw_line.lstrip())
        in_list = (in_list and _is_headline(line)) or any(r.pattern.match(line) for r in rules.furniture_lists)
        if in_list:
            seen.append((line, True))
            furniture += 1
            continue
        drop, cuts, fired = _furniture_cut(line, rules)
        seen.append((line, drop))
        furniture += fired
        if drop:
            continue
        if not cuts:
            kept.append((begin, begin + len(line), line))
            continue
        kept_at, more = _cut_furniture(line, cuts, rules)
        furniture += more
        if not kept_at:
            continue
        pieces = _runs(kept_at)
        edits += [(begin + b1, begin + a2, "") for (_, b1), (a2, _) in zip(pieces, pieces[1:])]
        kept.append((begin + kept_at[0], begin + kept_at[-1] + 1, "".join(line[i] for i in kept_at)))
    if not kept:
        return [(0, len(text), "")], furniture, seen
    edits.append((0, kept[0][0], ""))
    paragraph = kept[0][2]
    for (_, prev_end, _), (start, end, content) in zip(kept, kept[1:]):
        if _can_join(paragraph, content):
            edits.append((prev_end, start, ""))
            paragraph += content
        else:
            newline = text.index("\n", prev_end, start)  # keep one real newline of the gap
            edits += [(prev_end, newline, ""), (newline + 1, start, "")]
            paragraph = content
    edits.append((kept[-1][1], len(text), ""))
    return sorted(e for e in edits if e[1] > e[0]), furniture, seen


# ----------------------------------------------------------------------------------------------
# Title and publication date
# ----------------------------------------------------------------------------------------------

_DATE_YMD = re.compile(r"(?=[12])(?<!\d)((?:19|20)\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)")
_DATE_DMY = re.compile(r"^(\d{1,2})\.(\d{1,2})\.((?:19|20)\d\d)(?!\d)")
_DATE_LABEL = re.compile(r"(?:发布时间|发布日期|时间|日期|发表于)\s*:\s*$")
_YEAR_LINE = re.compile(r"^((?:19|20)\d\d)$")
_MONTH_DAY_LINE = re.compile(r"^(\d{1,2})/(\d{1,2})$")
_DATELINE = re.compile(r"(\d{1,2})月(\d{1,2})日(?:电|讯)")
_YEAR_TOKEN = re.compile(r"(?<![\d.])((?:19|20)\d\d)(?![\d.])")
_BYLINE = re.compile(r"(?:记者|通讯员|编辑|作者|摄影|来源)\s*[:\s]|本报讯|^[\[(【]")
_SENTENCE_MARK = re.compile(r"[。,]")
# A source or byline before a date on one line (来源:洛阳日报 2024-04-18, 作者:王丽 | 2024年4月18日).
_SOURCE_BEFORE = re.compile(r"来源|作者|记者|编辑|稿源|报|网讯|新闻网|[|丨]")
# A time after the date: a posting's stamp (宜宾投资促进 2024-04-09 18:02 发表于四川).
_CLOCK = re.compile(r"日?\s*\d{1,2}:\d{2}")
_MASTHEAD_LINES = 12
_DATE_REACH = 80  # a masthead date sits near the start of its line
# Words that open a body sentence, never a headline ("其中,厦门签约项目8个").
_CONNECTIVES = ("其中", "同时", "此外", "另外", "据悉", "据了解", "据介绍", "截至", "目前")


def _iso(year: str, month: str, day: str) -> str | None:
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def _masthead_date(line: str) -> str | None:
    """The date a masthead line states: DD.MM.YYYY at its start, or YYYY-MM-DD / YYYY年M月D日
    opening a short line without a full stop or following a 时间:/日期: label."""
    m = _DATE_DMY.match(line)
    if m:
        return _iso(m.group(3), m.group(2), m.group(1))
    for m in _DATE_YMD.finditer(line, 0, _DATE_REACH):
        labelled = bool(_DATE_LABEL.search(line[: m.start()]))
        masthead = len(line) <= 80 and not _SENTENCE_MARK.search(line) \
            and (m.start() <= 2 or bool(_SOURCE_BEFORE.search(line, 0, m.start())) or bool(_CLOCK.match(line, m.end())))
        if labelled or masthead:
            iso = _iso(*m.groups())
            if iso:
                return iso
    return None


def find_published(lines: Sequence[str], text: str) -> str | None:
    """The publication date the masthead (first lines) states, as YYYY-MM-DD, else None.

    Also a year alone on a line followed by MM/DD, and a news-agency dateline (11月14日电) when
    the text names exactly one year.
    """
    head = list(lines[:_MASTHEAD_LINES])
    for i, line in enumerate(head):
        iso = _masthead_date(line)
        if iso:
            return iso
        if _YEAR_LINE.match(line) and i + 1 < len(head):
            md = _MONTH_DAY_LINE.match(head[i + 1])
            if md:
                return _iso(line, md.group(1), md.group(2))
    for line in head[:3]:
        m = _DATELINE.search(line[:60])
        if m:
            years = set(_YEAR_TOKEN.findall(text))
            return _iso(years.pop(), m.group(1), m.group(2)) if len(years) == 1 else None
    return None


def _looks_like_heading(line: str) -> bool:
    if not 8 <= len(line) <= 64 or "。" in line or line.endswith((":", ",")):
        return False
    if line[0] in _BULLETS or _BYLINE.search(line) or line.startswith(_CONNECTIVES):
        return False
    cjk = sum(1 for c in line if "\u4e00" <= c <= "\u9fff")
    return cjk >= 0.4 * len(line)


def find_title(lines: Sequence[tuple[str, bool]]) -> str | None:
    """The headline among the first (line, is furniture) pairs: the heading-like line just above
    the masthead date, else the first heading-like line. Furniture lines are skipped."""
    head: list[str] = []
    dateline = None
    for line, furniture in lines[:_MASTHEAD_LINES]:
        if dateline is None and _masthead_date(line):
            dateline = len(head)
        if not furniture:
            head.append(line)
    # A heading right after a line that announces a list ("情况如下:") is a section heading.
    headings = [
        i for i, line in enumerate(head[:6])
        if _looks_like_heading(line) and not (i and head[i - 1].endswith(":"))
    ]
    if dateline is not None:
        above = [i for i in headings if dateline - 3 <= i < dateline]
        if above:
            return head[above[-1]]
    return head[headings[0]] if headings else None


# ----------------------------------------------------------------------------------------------
# The stage
# ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TextReport:
    """What normalize_text found besides the text: the QualityFlags counts, title and date."""

    mojibake_chars: int = 0
    glosses_removed: int = 0
    substitutions_applied: int = 0
    furniture_removed: int = 0
    converted_from: str = ""
    title: str | None = None
    published: str | None = None


_CARRIAGE_RETURN = re.compile(r"\r\n?")


def normalize_text(raw_text: str, rules: TextRules) -> tuple[str, tuple[int, ...], TextReport]:
    """Clean simplified text, its offset map into `raw_text`, and what was found (module doc)."""
    text, offsets = raw_text, list(range(len(raw_text) + 1))
    if "\r" in text:
        returns = [(m.start(), m.end(), "\n") for m in _CARRIAGE_RETURN.finditer(text)]
        text, offsets = _apply_edits(text, offsets, returns)

    edits, mojibake = _mojibake_edits(text, rules)
    text, offsets = _apply_edits(text, offsets, edits)
    repaired = False
    for _ in range(3):  # &amp;nbsp; takes two rounds
        entity_edits = _entity_edits(text) if ";" in text else []
        if not entity_edits:
            break
        text, offsets = _apply_edits(text, offsets, entity_edits)
        repaired = True
    if repaired:  # a decoded entity can complete a mojibake run (&amp;rdquo;?zhǔn): look again
        edits, more = _mojibake_edits(text, rules)
        text, offsets = _apply_edits(text, offsets, edits)
        mojibake += more

    closing = text.count(")") + text.count("）")  # one per gloss
    text, offsets = _apply_edits(text, offsets, _gloss_edits(text))
    glosses = closing - text.count(")") - text.count("）")

    converted = convert_script(text, rules.converters[DEFAULT_CONFIG])
    converted_from = ""
    if converted != text:  # traditional text: a Taiwan or Hong Kong variant may fit better
        config = choose_config(text, rules)
        if config != DEFAULT_CONFIG:
            converted = convert_script(text, rules.converters[config])
        converted_from = config
    text = fold_width(converted)

    substitutions = _substitution_edits(text, rules)
    text, offsets = _apply_edits(text, offsets, substitutions)
    glued = _regex_edits(_GLUED_PARAGRAPH, text, lambda m: _glued_paragraph(text, m))
    text, offsets = _apply_edits(text, offsets, glued)
    text, offsets = _apply_edits(text, offsets, _stray_space_edits(text, rules))

    line_edits, furniture, lines = _line_edits(text, rules)
    published = find_published([line for line, _ in lines[:_MASTHEAD_LINES]], text)
    title = find_title(lines)
    text, offsets = _apply_edits(text, offsets, line_edits)
    if _SPLIT_NUMBER_HINT.search(text):
        numbers = _regex_edits(_SPLIT_NUMBER, text, lambda m: _joined_number(m, raw_text, offsets))
        text, offsets = _apply_edits(text, offsets, numbers)

    report = TextReport(mojibake, glosses, len(substitutions), furniture, converted_from, title, published)
    return text, tuple(offsets), report


def normalize_article(raw: RawArticle, rules: TextRules) -> NormalizedArticle:
    """Decode, clean and trace one article. Never raises: an unreadable one gets `error` set
    ("empty", "binary", "undecodable", "too large": over MAX_ARTICLE_BYTES) and empty text.

    For an HTML page, `raw_text` is the article text trafilatura extracts (title line first):
    markup cannot be traced character by character, the bytes stay in `raw.raw`. The page's own
    title and date, when it has them, win over those read from the text.
    """
    try:
        return _normalize_article(raw, rules)
    except Exception:  # a record-level problem is a value, never an exception (STYLE practice 3)
        return _unreadable(raw, "", "undecodable", "")


def _unreadable(raw: RawArticle, raw_text: str, error: str, encoding: str) -> NormalizedArticle:
    return NormalizedArticle(
        raw=raw, raw_text=raw_text, text="", offsets=(len(raw_text),), title=None, published=None,
        flags=QualityFlags(encoding=encoding), error=error,
    )


def _normalize_article(raw: RawArticle, rules: TextRules) -> NormalizedArticle:
    if len(raw.raw) > MAX_ARTICLE_BYTES:
        return _unreadable(raw, "", "too large", "")
    if not raw.raw.strip():
        return _unreadable(raw, "", "empty", "")
    try:
        raw_text, encoding = decode_bytes(raw.raw, raw.encoding_hint)
    except UndecodableError as exc:
        return _unreadable(raw, "", str(exc), "")
    page_title = page_date = None
    if looks_like_html(raw_text):
        raw_text, page_title, page_date = html_to_text(raw_text)
    text, offsets, report = normalize_text(raw_text, rules)
    if not text.strip():
        return _unreadable(raw, raw_text, "empty", encoding)
    if page_title:
        page_title = normalize_text(page_title, rules)[0].replace("\n", " ") or None
    flags = QualityFlags(
        mojibake_chars=report.mojibake_chars,
        mojibake_share=round(report.mojibake_chars / max(1, len(raw_text)), 6),
        glosses_removed=report.glosses_removed,
        substitutions_applied=report.substitutions_applied,
        furniture_removed=report.furniture_removed,
        converted_from=report.converted_from,
        encoding=encoding,
    )
    return NormalizedArticle(
        raw=raw, raw_text=raw_text, text=text, offsets=offsets,
        title=page_title or report.title, published=page_date or report.published, flags=flags,
    )


_SENTENCE = re.compile(r"[^\n。！？!?]+(?:[。！？!?]+[”’」』\"']*)?|[。！？!?]+[”’」』\"']*")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans [start, end) per the evidence convention: a sentence ends at 。！？!? and takes
    its closing quotes with it, or ends at the end of the line (paragraph); edges are trimmed."""
    spans = []
    for m in _SENTENCE.finditer(text):
        s, e = m.span()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append((s, e))
    return spans
