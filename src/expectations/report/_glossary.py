"""The report's glossary: one plain definition per term of art, listed when used.

:data:`TERMS` is the one table of definitions. The glossary section
(:func:`glossary_section`) lists the terms that occur in a report's other
sections, in the order of this table; the HTML rendering gives the same
definitions as ``title=`` tooltips on column headers and method lines
(:func:`term_for` and :func:`spans`), so a definition is written once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

import attrs

from expectations.report._format import display
from expectations.report._model import Column, Section, Table

__all__ = ["KEY", "TERMS", "Term", "glossary_section", "report_texts", "spans", "term_for",
           "terms_used"]

#: The glossary section's key (in the JSON document too).
KEY = "glossary"


@attrs.frozen(kw_only=True)
class Term:
    """A term of art: its name, a one-line plain definition, and how to spot it in text.

    ``pattern`` is a regular expression matched against each piece of report
    text on its own (a title, a method line, a note, a column header, a cell).
    """

    name: str
    definition: str
    pattern: re.Pattern[str]


def _term(name: str, definition: str, pattern: str, *, case: bool = False) -> Term:
    flags = 0 if case else re.IGNORECASE
    return Term(name=name, definition=definition, pattern=re.compile(pattern, flags))


#: Every term of art the report can use, in glossary order.
TERMS: tuple[Term, ...] = (
    _term("n", "The number of answers (or, for RFM, customers) a section's numbers rest on.",
          r"^n$|^n = ", case=True),
    _term("NPS (Net Promoter Score)",
          "% promoters minus % detractors on the 0-10 'would you recommend us?' question, "
          "from -100 to 100 points.", r"\bNPS\b|Net Promoter", case=True),
    _term("promoters, passives, detractors",
          "Answers of 9-10, 7-8 and 0-6 to the 0-10 'would you recommend us?' question.",
          r"\bpromoters?\b|\bpassives?\b|\bdetractors?\b"),
    _term("CSAT (customer satisfaction)",
          "% of answers of 4 or 5 on a 1-5 satisfaction scale.", r"\bCSAT\b", case=True),
    _term("CES (customer effort)",
          "% agreeing (5-7 on a 1-7 scale) that it was easy to get what they needed.",
          r"\bCES\b", case=True),
    _term("top-box", "The share of answers in the highest points of a scale (top-2 box: "
          "the two highest).", r"\btop[- ]\d? ?box\b|\btop-box\b"),
    _term("confidence interval (CI)",
          "The range that would hold the true value in the stated share (such as 95%) of "
          "samples like this one; the wider, the less certain.",
          # A header "dissatisfied 95% CI" is about the interval, not the share.
          r"(?:\b\w+ )*\d+% CI\b|\bCI\b|confidence interval|\binterval\b"),
    _term("adjusted Wald interval",
          "An interval for a score that adds a few imaginary answers first (Agresti-Caffo), "
          "so small groups do not look more certain than they are.",
          r"adjusted[- ]wald|Agresti-Caffo"),
    _term("Wilson interval",
          "An interval for a percentage that stays within 0-100% and is accurate for small "
          "samples.", r"\bwilson\b"),
    _term("t interval", "The interval for a mean: the mean plus or minus Student's t times "
          "its standard error.", r"\bt \d+% interval"),
    _term("p-value",
          "How often a difference at least this large would appear by chance alone; below "
          "0.05 it is unlikely to be chance. Shown as <0.0001 when smaller than 0.0001.",
          r"\bp[- _]values?\b|\bp <|^p$"),
    _term("adjusted p-value",
          "A p-value raised to allow for testing many groups at once, so that the chance of "
          "any false alarm stays at the stated level.", r"\bp[ _]adjusted\b|\badjusted p\b"),
    _term("Holm's method",
          "A correction of p-values for many comparisons (Holm 1979): it keeps the chance of "
          "even one false alarm at the stated level.", r"\bHolm\b", case=True),
    _term("Benjamini-Hochberg (BH)",
          "A correction of p-values for many comparisons that controls the share of false "
          "alarms among the differences flagged.", r"Benjamini|\bBH\b", case=True),
    _term("significant",
          "Larger than chance would plausibly produce: the (adjusted) p-value is below one "
          "minus the confidence level.", r"\bsignificant\b"),
    _term("z test", "A test that divides a difference by its standard error and reads the "
          "p-value from the normal distribution.", r"\bz test\b"),
    _term("SERVQUAL",
          "A 22-item survey of expected and perceived service in five dimensions: tangibles, "
          "reliability, responsiveness, assurance and empathy.", r"SERVQUAL", case=True),
    _term("gap", "Perceived minus expected service, in scale points; negative means below "
          "expectations.", r"\bgaps?\b"),
    _term("zone of tolerance",
          "The range from the adequate (lowest acceptable) to the desired level of service; "
          "below it customers are dissatisfied, above it delighted.",
          r"zone of tolerance|adequate-desired|\btolerance\b"),
    _term("dissatisfied, satisfied, delighted",
          "Perceived service below the adequate level, within the zone of tolerance, or above "
          "the desired level.", r"\bdissatisfied\b|\bdelighted\b"),
    _term("MSA (measure of service adequacy)",
          "Perceived minus adequate level; below 0 means below what customers accept.",
          r"\bMSA\b|^msa$", case=True),
    _term("MSS (measure of service superiority)",
          "Perceived minus desired level; above 0 means better than customers hoped.",
          r"\bMSS\b|^mss$", case=True),
    _term("Kano categories",
          "How a feature's presence and absence move satisfaction: M must-be, O "
          "one-dimensional, A attractive, I indifferent, R reverse, Q questionable.",
          r"\bKano\b"),
    _term("must-be (M)", "Taken for granted: missing it dissatisfies, having it adds nothing.",
          r"\bmust[- _]be\b"),
    _term("one-dimensional (O)", "The more, the better: satisfaction rises with it.",
          r"\bone[- _]dimensional\b"),
    _term("attractive (A)", "Not expected: delights when present, no harm when absent.",
          r"\battractive\b"),
    _term("indifferent (I)", "Customers do not care whether the feature is there.",
          r"\bindifferent\b"),
    _term("reverse (R)", "Customers would rather not have the feature.", r"\breverse\b"),
    _term("questionable (Q)", "Contradictory answers (liking both the feature and its absence).",
          r"\bquestionable\b"),
    _term("Better", "(A+O)/(A+O+M+I): how much a feature lifts satisfaction when present, "
          "0 to 1.", r"\bBetter\b|^better$", case=True),
    _term("Worse", "-(O+M)/(A+O+M+I): how much its absence hurts satisfaction, -1 to 0.",
          r"\bWorse\b|^worse$", case=True),
    _term("Fong's test",
          "Whether the most frequent Kano category leads the second by more than chance; "
          "'no' means the category is not settled.", r"\bFong\b"),
    _term("kept rate, broken rate",
          "% of outcomes that met the promised target, and % that did not.",
          r"\bkept[ _]rate\b|\bbroken[ _]rate\b"),
    _term("explicit promise", "A promise stated to customers, rather than one they assume.",
          r"^explicit$"),
    _term("realistic target",
          "The value met by the stated share (such as 95%) of past outcomes: a promise that "
          "can be kept.", r"\brealistic\b"),
    _term("quantile", "The value that a given share of outcomes meet; the 95% quantile is met "
          "by 95% of them.", r"\bquantile\b"),
    _term("order-statistics interval",
          "An interval for a quantile read from the sorted outcomes themselves, assuming no "
          "distribution.", r"order[- ]statistics"),
    _term("relative weights",
          "Each driver's share of what the drivers explain together (Johnson 2000), fair to "
          "drivers that move together.", r"\brelative weights?\b|\braw[ _]weight\b"),
    _term("rescaled weight", "A driver's relative weight as % of R\u00b2; the drivers add up "
          "to 100.", r"\brescaled[ _]weights?\b"),
    _term("R\u00b2 (R-squared)",
          "The share of the variation in the overall rating that the drivers explain, 0 to 1.",
          r"R\u00b2|R-squared", case=True),
    _term("importance-performance analysis",
          "Places attributes by how much they matter and how well they are rated; a crosshair "
          "at the means splits them into four quadrants.",
          r"importance-performance|\bquadrant\b|\bcrosshair\b"),
    _term("bootstrap",
          "Repeating an analysis on many resamples of the respondents (drawn with "
          "replacement) to see how much its result could vary.", r"\bbootstrap\b"),
    _term("not distinguishable",
          "The attribute's quadrant changes in more than 5% of bootstrap resamples: the data "
          "cannot place it.", r"not distinguishable|\bsettled\b"),
    _term("quadrant probability",
          "The share of bootstrap resamples that put the attribute in its quadrant.",
          r"\bquadrant[ _]probability\b"),
    _term("funnel plot",
          "Each group's score against its number of answers, inside control limits that "
          "narrow as groups grow (Spiegelhalter 2005).", r"\bfunnel\b"),
    _term("control limits",
          "The range a group's (or month's) value stays within by chance alone; outside it, a "
          "real difference is likely.",
          r"control limits?|\b(?:low|high)[ _](?:95|998)\b|\b(?:lower|upper)[ _]limit\b"
          r"|\b\d+(?:\.\d+)?% limits?\b|^band$"),
    _term("p-chart, out of control",
          "A control chart of a monthly share with limits 3 standard errors from its "
          "average; a month outside them is out of control: a real shift.",
          r"p-chart|out[ _]of[ _]control|3 sigma"),
    _term("shrunk score (empirical Bayes)",
          "A group's score pulled towards the overall score, more for small groups, so that "
          "lucky highs and lows of few answers are tempered.",
          r"\bshrunk\b|\bshrinkage\b|empirical-Bayes"),
    _term("DerSimonian-Laird",
          "An estimate of how much groups truly differ beyond chance, which sets how much "
          "each score is shrunk.", r"DerSimonian", case=True),
    _term("rank interval",
          "The league positions a group could plausibly hold, given the uncertainty of every "
          "group's score.", r"\brank intervals?\b|\brank[ _](?:low|high)\b"),
    _term("effective sample size (Kish n_eff)",
          "The number of unweighted answers that would be as precise as the weighted ones.",
          r"\bn_eff\b|effective sample size|\bKish\b"),
    _term("theme lexicon", "The built-in list of words and phrases that tag a comment with a "
          "theme.", r"\blexicon\b"),
    _term("score mentioned, not mentioned",
          "The NPS of respondents whose comment mentions the theme, and of those whose "
          "comment does not.", r"\bmentioned\b"),
    _term("RFM", "Customers scored on recency, frequency and monetary value (in quintiles) "
          "and grouped into named segments.", r"\bRFM\b", case=True),
    _term("recency, frequency, monetary",
          "Days since the last purchase, number of purchases, and spend; per segment, the "
          "average of its customers.", r"^recency$|^frequency$|^monetary"),
    _term("quintile", "One of five equal-sized groups after sorting; 5 is the top fifth.",
          r"\bquintiles?\b"),
)


def _pieces(section: Section, confidence: float) -> Iterator[str]:
    """Every piece of text a section shows: title, n line, method, tables, notes."""
    from expectations.report._format import headline, table_title

    yield section.title
    yield headline(section)
    yield section.method
    for table in section.tables:
        yield table_title(table.name)
        shown = display(table, confidence)
        yield from shown.headers
        for row in shown.rows:
            yield from row
    yield from section.notes


def report_texts(sections: Sequence[Section], confidence: float) -> list[str]:
    """Return the pieces of text the sections show, each matched against the terms on its own."""
    return [piece for section in sections if section.key != KEY
            for piece in _pieces(section, confidence)]


def terms_used(texts: Sequence[str]) -> list[Term]:
    """Return the terms of :data:`TERMS` that occur in any of ``texts``, in glossary order."""
    return [term for term in TERMS if any(term.pattern.search(text) for text in texts)]


def term_for(text: str) -> Term | None:
    """Return the term a short text (a column header) names: the longest match wins.

    Examples
    --------
    >>> term_for("p adjusted").name
    'adjusted p-value'
    >>> term_for("customers") is None
    True
    """
    best: tuple[int, Term] | None = None
    for term in TERMS:
        found = term.pattern.search(text)
        if found and (best is None or len(found.group(0)) > best[0]):
            best = (len(found.group(0)), term)
    return None if best is None else best[1]


def spans(text: str) -> list[tuple[int, int, Term | None]]:
    """Cut ``text`` into pieces, each a term of art or plain text (None).

    Where matches overlap the leftmost, then longest, wins.

    Examples
    --------
    >>> [(text[a:b], t is not None) for text in ["NPS with Holm"] for a, b, t in spans(text)]
    [('NPS', True), (' with ', False), ('Holm', True)]
    """
    found = sorted(((m.start(), -m.end(), term) for term in TERMS
                    for m in term.pattern.finditer(text) if m.end() > m.start()),
                   key=lambda item: (item[0], item[1]))
    out: list[tuple[int, int, Term | None]] = []
    position = 0
    for start, negative_end, term in found:
        if start < position:
            continue
        if start > position:
            out.append((position, start, None))
        out.append((start, -negative_end, term))
        position = -negative_end
    if position < len(text):
        out.append((position, len(text), None))
    return out


def glossary_section(sections: Sequence[Section], confidence: float) -> Section | None:
    """Build the glossary of the terms the other sections use (None when they use none)."""
    used = terms_used(report_texts(sections, confidence))
    if not used:
        return None
    table = Table(name="terms", columns=(Column(name="term", type="string"),
                                         Column(name="definition", type="string")),
                  rows=tuple((t.name, t.definition) for t in used))
    return Section(key=KEY, title="Glossary", n=len(used),
                   method="plain definitions of the terms of art used in this report",
                   tables=(table,))


def with_glossary(sections: Sequence[Section], confidence: float) -> tuple[Section, ...]:
    """Return ``sections`` with the glossary of their terms last (replacing an older one)."""
    kept = tuple(s for s in sections if s.key != KEY)
    glossary = glossary_section(kept, confidence)
    return kept if glossary is None else (*kept, glossary)
