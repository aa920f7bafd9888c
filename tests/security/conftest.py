import pytest

from .world import World, build_world


@pytest.fixture
def world(personas) -> World:
    """Cases, referrals and network records of another organisation (see world.py)."""
    return build_world(personas)
