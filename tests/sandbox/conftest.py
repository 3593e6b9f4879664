"""Shared fixtures for the sandbox tests: one small deterministic world, built once."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from sandbox.seed import World, generate_world

NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def small_world() -> World:
    return generate_world(seed=7, orders=60, skus=30, now=NOW)
