"""Shared pytest configuration: hypothesis profiles.

``ci`` is derandomised so that CI runs are reproducible; ``dev`` explores more
examples with fresh randomness. CI sets ``CI=true``; ``HYPOTHESIS_PROFILE``
overrides the choice.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    derandomize=True,
    max_examples=60,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=100, deadline=None)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev")
)
