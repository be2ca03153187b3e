"""Shared fixtures: the registry, the CI settings, the seeds folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from checks.registry import builtin_claims

REGISTRY = builtin_claims()
TWINS = [t for c in REGISTRY for t in c.wrong_twins()]
SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"the homework seeds are not at {SEEDS} (they sit beside the checkout in ../shared/seeds)")
    return SEEDS
