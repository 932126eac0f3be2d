"""Importing this module warms the extractors up: the patterns and lexicons they build on
first use are built now.

The worker pool's fork server imports it before it forks any worker (``runner.run_corpus``
names it in ``preload``), so every worker starts with them built -- shared with the fork
server, copy-on-write -- instead of each building its own after it starts.
"""

from __future__ import annotations

from policydocs.corpus import Document, extract_document
from policydocs.models import DocumentError, ExtractionResult

# Touches every extractor once, so the patterns they build on first use are ready before
# the first real document: its --timeout then measures the document, not the start-up.
WARM_UP_TEXT = "충청북도는 2023년 11월 6일 「이차전지 육성 전략」에 따라 2030년까지 8조 7,417억원을 투자한다고 밝혔다."


def warm_up() -> ExtractionResult | DocumentError:
    """Extract the warm-up text (cheap once warm: a second call builds nothing)."""
    return extract_document(Document(WARM_UP_TEXT, "warm-up", None, None))


warm_up()
