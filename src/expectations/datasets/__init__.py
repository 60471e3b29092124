"""Bundled demo data: a seeded, documented fictional online retailer.

Load it with :func:`load_retail`; :data:`TABLES` documents every column of every
table (name, dtype and meaning).

Examples
--------
>>> from expectations.datasets import TABLES, load_retail
>>> data = load_retail()
>>> list(data.customers.columns) == [c.name for c in TABLES["customers"]]
True
"""

from __future__ import annotations

from expectations.datasets._exports import qualtrics_export_path
from expectations.datasets._retail import RetailData, load_retail
from expectations.datasets._schema import TABLES, ColumnSpec

__all__ = ["TABLES", "ColumnSpec", "RetailData", "load_retail", "qualtrics_export_path"]
