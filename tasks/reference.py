"""Reference data from seeds/, loaded and validated once, passed into the pure stages.

Each stage module owns the parsing of its own seed files (`load_text_rules`,
`load_gazetteer`, `load_lexicon`); this module only composes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from tasks.events import EventLexicon, load_event_lexicon
from tasks.extract import Lexicon, load_lexicon
from tasks.normalize import TextRules, load_text_rules
from tasks.regions import Gazetteer, load_gazetteer


@dataclass(frozen=True)
class Reference:
    """Everything the pure stages need that is data rather than code."""

    text_rules: TextRules
    gazetteer: Gazetteer
    lexicon: Lexicon
    events: EventLexicon


@lru_cache(maxsize=4)
def load_reference(seeds_dir: Path) -> Reference:
    """Load every seed table under `seeds_dir`; raises ConfigError naming a bad file."""
    return Reference(
        text_rules=load_text_rules(seeds_dir),
        gazetteer=load_gazetteer(seeds_dir),
        lexicon=load_lexicon(seeds_dir),
        events=load_event_lexicon(seeds_dir),
    )
