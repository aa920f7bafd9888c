from datetime import date

import pytest

from focalpoints import services
from focalpoints.models import FocalPoint


@pytest.fixture
def make_focal_point(personas):
    def make(organisation, name="Leyla Demir", **fields):
        defaults = {"email": f"{name.split()[0].lower()}@example.org", "phone": "+90 342 555 0101",
                    "appointed_on": date(2026, 1, 1)}  # fmt: skip
        focal_point = FocalPoint(organisation=organisation, name=name, **{**defaults, **fields})
        return services.focal_point_save(actor=personas["coordinator"], focal_point=focal_point)

    return make
