"""Allow ``python -m expectations``."""

from __future__ import annotations

from expectations.cli import main

raise SystemExit(main())
