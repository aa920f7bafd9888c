from datetime import date

import pytest

from trainings import services
from trainings.models import Module, Participant, Session

from ..focalpoints.conftest import make_focal_point  # noqa: F401  (fixture)


@pytest.fixture
def fp_module(personas):
    return services.module_save(
        actor=personas["coordinator"],
        module=Module(
            title="Focal-point roles", trains_focal_points=True, audiences=["focal_points"]
        ),
    )


@pytest.fixture
def make_session(personas, fp_module, agency_a):
    def make(
        module=None, audience="focal_points", status="held", starts_on=date(2026, 3, 10), **fields
    ):
        session = services.session_save(
            actor=personas["coordinator"],
            session=Session(
                module=module or fp_module, starts_on=starts_on, organisation=agency_a,
                facilitator_organisation=agency_a, audience=audience, language="en", **fields,
            ),
        )  # fmt: skip
        if status != "planned":
            services.session_set_status(
                actor=personas["coordinator"], session=session, status=status
            )
        return session

    return make


@pytest.fixture
def attend(personas):
    def add(session, name="Leyla Demir", **fields):
        return services.participant_add(
            actor=personas["coordinator"],
            session=session,
            participant=Participant(name=name, **fields),
        )

    return add
