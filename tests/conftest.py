"""Shared pytest configuration: hypothesis profiles.

``ci`` is derandomised so that every run is reproducible: it is the default,
on CI and on a developer's machine alike (the README's test command must give
the same verdict everywhere). ``dev`` explores more examples with fresh
randomness, to hunt for new failures: ``HYPOTHESIS_PROFILE=dev``.
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
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
