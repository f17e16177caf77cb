"""Fixtures for the event's database: a real PostgreSQL on loopback, studios shipping to it."""

from __future__ import annotations

from typing import Iterator

import pytest
from serverkit import Postgres, postgres_server


@pytest.fixture(scope="module")
def postgres() -> Iterator[Postgres]:
    with postgres_server() as server:
        yield server


@pytest.fixture
def event_db(postgres: Postgres, request) -> str:
    """A fresh database for this test: its URL."""
    return postgres.create_database(request.node.name.lower().replace("[", "_").replace("]", "")[:60])
