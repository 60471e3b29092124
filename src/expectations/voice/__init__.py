"""Voice of the customer: themes in free-text feedback, and consistency across touchpoints.

- :func:`tag_themes` — which comments mention which themes (lexicon based,
  case- and accent-insensitive, vectorised).
- :func:`theme_impact` — the score of comments mentioning each theme against
  the rest: which themes drag NPS/CSAT/CES down, which lift it.
- :func:`distinctive_terms` — words and phrases most distinctive of one group
  (for example detractors against promoters), by the Fightin' Words log-odds.
- :func:`consistency` — the score per touchpoint or channel, a homogeneity
  test, the spread, and the groups significantly below the rest.

No NLP dependency is needed: the tokenizer (:mod:`expectations.voice.tokenize`)
is plain Unicode-aware Python with numpy and pandas (and pyarrow when present).

Examples
--------
>>> from expectations.voice import tag_themes
>>> tag_themes(["Hidden fees at checkout"]).tags.iloc[0].loc[lambda s: s].index.tolist()
['price_and_fees', 'website_and_app']
"""

from __future__ import annotations

from expectations.voice.consistency import (
    CONSISTENCY_COLUMNS,
    ConsistencyResult,
    adjust_p_values,
    consistency,
)
from expectations.voice.lexicon import Lexicon
from expectations.voice.terms import DISTINCTIVE_TERMS_COLUMNS, distinctive_terms
from expectations.voice.themes import (
    THEME_COLUMNS,
    THEME_IMPACT_COLUMNS,
    ThemeTags,
    tag_themes,
    theme_impact,
)
from expectations.voice.tokenize import DEFAULT_STOPWORDS, normalize, split_words

__all__ = [
    "CONSISTENCY_COLUMNS",
    "DEFAULT_STOPWORDS",
    "DISTINCTIVE_TERMS_COLUMNS",
    "THEME_COLUMNS",
    "THEME_IMPACT_COLUMNS",
    "ConsistencyResult",
    "Lexicon",
    "ThemeTags",
    "adjust_p_values",
    "consistency",
    "distinctive_terms",
    "normalize",
    "split_words",
    "tag_themes",
    "theme_impact",
]
