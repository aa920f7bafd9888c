import pytest

from core.factories import UserFactory
from core.roles import Role

from .world import World, build_world


@pytest.fixture
def world(personas) -> World:
    """Cases, referrals and network records of another organisation (see world.py); the
    attackers include a counter-trafficking officer of agency A."""
    personas["ct_a"] = UserFactory(
        username="ct_a", organisation=personas["focal_a"].organisation,
        roles=[Role.COUNTER_TRAFFICKING],
    )  # fmt: skip
    return build_world(personas)
