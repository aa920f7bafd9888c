import pytest

from core.factories import UserFactory
from core.models import Location
from core.roles import Role
from pathways import services
from pathways.models import InfoWindow, ServicePoint

from ..complaints.conftest import intake_data, log_complaint  # noqa: F401  (fixtures)


@pytest.fixture
def places(db):
    """Gaziantep > Nizip > Camp 3, and Hatay elsewhere."""
    gaziantep = Location.objects.create(name="Gaziantep", level=1)
    nizip = Location.objects.create(name="Nizip", level=2, parent=gaziantep)
    camp = Location.objects.create(name="Camp 3", level=3, parent=nizip)
    hatay = Location.objects.create(name="Hatay", level=1)
    return {"gaziantep": gaziantep, "nizip": nizip, "camp": camp, "hatay": hatay}


@pytest.fixture
def trafficking_a(agency_a):
    return UserFactory(
        username="trafficking_a", organisation=agency_a, roles=[Role.COUNTER_TRAFFICKING]
    )


@pytest.fixture
def add_point(personas):
    """add_point(organisation, service, places, **fields) -> a point, through the service."""

    def make(organisation, service, where, **fields):
        fields.setdefault("name", f"{organisation.acronym} {service}")
        return services.service_point_save(
            actor=personas["coordinator"],
            point=ServicePoint(organisation=organisation, service=service, **fields),
            locations=where,
        )

    return make


@pytest.fixture
def window(personas, places):
    """A published window for Gaziantep with an English and a Spanish text."""
    coordinator = personas["coordinator"]
    window = services.info_window_save(
        actor=coordinator,
        window=InfoWindow(
            slug="gaziantep", location=places["gaziantep"], hotline="+90 800 555 0101",
            topics=["hotline", "service_points"], is_published=True,
        ),
    )  # fmt: skip
    services.info_text_save(
        actor=coordinator, window=window, language="en", title="Help in Gaziantep",
        body="<p>Help is free.</p>",
    )  # fmt: skip
    services.info_text_save(
        actor=coordinator, window=window, language="es", title="Ayuda en Gaziantep",
        body="<p>La ayuda es gratuita.</p>",
    )  # fmt: skip
    return window
