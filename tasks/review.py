"""Review: re-build a quarantined batch from its stored raw articles, for approval.

Pure: the stored RawArticles in, a Batch out, through the same stage functions the
flow runs (normalize -> extract -> reconcile). The gates are not run again: approving
is a reviewer overriding them, recorded in the audit table by the caller.
"""

from __future__ import annotations

from collections.abc import Sequence

from tasks.errors import ConfigError
from tasks.extract import extract_article
from tasks.models import Batch, RawArticle
from tasks.normalize import normalize_article
from tasks.reconcile import PlacedFact, ReconcileConfig, place_facts, reconcile_facts
from tasks.reference import Reference


def rebuild_batch(
    batch_key: str, raws: Sequence[RawArticle], ref: Reference, config: ReconcileConfig,
    loaded: Sequence[PlacedFact] = (),
) -> Batch:
    """The batch `batch_key` made again from its raw articles; ConfigError if they do not make that key."""
    if not raws:
        raise ConfigError(f"batch {batch_key} has no stored articles")
    source = raws[0].source_name
    if Batch.key_for(source, [r.sha256 for r in raws]) != batch_key:
        raise ConfigError(f"the stored articles of batch {batch_key} no longer make that batch")
    articles = [normalize_article(raw, ref.text_rules) for raw in raws]
    results = [extract_article(article, ref) for article in articles]
    placed = place_facts(results, [a.raw.sha256 for a in articles], [a.raw.source_name for a in articles],
                         [a.text for a in articles])
    checks = reconcile_facts(placed, config, ref.gazetteer.level_of, loaded)
    return Batch(batch_key, source, tuple(articles), tuple(results), tuple(checks))
