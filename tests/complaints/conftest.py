import pytest

from complaints import codes, services
from complaints.services import IntakeData, PersonData
from core.models import Location

CANARY_NAME = "Zubeyde Canarywoman"
CANARY_PHONE = "+90 555 010 2233"
CANARY_STORY = "The canary-distributor demanded sex for the canary-food voucher."


def intake_data(**complaint) -> IntakeData:
    defaults = {
        "entry_point": codes.EntryPoint.FOCAL_POINT,
        "category": codes.Category.SEA,
        "subcategory": codes.Subcategory.TRANSACTIONAL_SEX,
        "narrative": CANARY_STORY,
        "incident_date_precision": codes.DatePrecision.UNKNOWN,
        "priority": codes.Priority.MEDIUM,
    }
    persons = complaint.pop("persons", None)
    if persons is None:
        persons = [
            PersonData(
                roles={"survivor", "complainant"},
                values={
                    "name": CANARY_NAME,
                    "phone": CANARY_PHONE,
                    "age_group": "18-25",
                    "sex": "female",
                },
                consents={"investigation": True, "share_identity": False, "medical": True},
            ),
            PersonData(
                roles={"perpetrator"},
                values={"name": "Alleged Perp", "personnel_category": "partner_staff"},
            ),
        ]
    return IntakeData(complaint={**defaults, **complaint}, persons=persons)


@pytest.fixture
def log_complaint():
    """log_complaint(actor, **fields) -> a submitted complaint, through the service."""

    def make(actor, submit=True, **fields):
        return services.complaint_intake(actor=actor, data=intake_data(**fields), submit=submit)

    return make


@pytest.fixture
def complaint_b(personas, log_complaint):
    """A real complaint received by agency B (the "other organisation")."""
    return log_complaint(personas["focal_b"])


@pytest.fixture
def location(db):
    province = Location.objects.create(name="Gaziantep", level=1)
    return Location.objects.create(name="Nizip", level=2, parent=province)
