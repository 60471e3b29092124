r"""The JSON document: stable keys, strict JSON (missing values as null).

The shape is documented in ``schema.json`` (JSON Schema draft 2020-12); a
change a pipeline could notice bumps ``SCHEMA_VERSION``. Characters a terminal
would act on (C1 controls, bidirectional overrides) and lone surrogates are
written as ``\uXXXX`` escapes: the parsed document is the same, and ``cat``
of the file is safe.
"""

from __future__ import annotations

import json
from typing import Any

from expectations._output import json_safe
from expectations.report._model import SCHEMA_VERSION, Report

__all__ = ["document", "dumps"]


def document(report: Report) -> dict[str, Any]:
    """Return the report as plain JSON-ready data."""
    from expectations import __version__

    return {
        "schema_version": SCHEMA_VERSION,
        "generator": {"name": "customer-expectations", "version": __version__},
        "title": report.title,
        "confidence": report.confidence,
        "complete": True,
        "inputs": [{"name": i.name, "source": i.source, "rows": i.rows}
                   for i in report.inputs],
        "sections": [
            {"key": s.key, "title": s.title, "n": s.n, "n_dropped": s.n_dropped,
             "method": s.method, "notes": list(s.notes),
             "tables": [{"name": t.name,
                         "columns": [{"name": c.name, "type": c.type} for c in t.columns],
                         "rows": t.records()} for t in s.tables]}
            for s in report.sections],
        "unavailable": [{"key": u.key, "title": u.title, "reason": u.reason}
                        for u in report.unavailable],
    }


def dumps(report: Report, *, indent: int | None = 2) -> str:
    """Serialise :func:`document` as strict JSON text."""
    return json_safe(json.dumps(document(report), indent=indent, allow_nan=False,
                                ensure_ascii=False)) + "\n"
