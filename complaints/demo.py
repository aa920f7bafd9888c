"""Demo data for `manage.py seed_demo`: a location list and a few invented complaints."""

from core.models import Location, Organisation, User

from . import codes, services
from .models import Complaint
from .services import IntakeData, PersonData

LOCATIONS = {
    "Gaziantep": ["Nizip", "Islahiye"],
    "Kilis": ["Elbeyli"],
    "Hatay": ["Reyhanli"],
}

STORIES = [
    (
        "sea",
        "transactional_sex",
        "A food distribution volunteer told a woman she would get an extra "
        "ration if she met him after dark. (Invented demo story.)",
    ),
    (
        "sea",
        "sex_with_minor",
        "A 15-year-old girl says a driver for a partner NGO gave her a phone "
        "and asked her to his car. (Invented demo story.)",
    ),
    (
        "programme_feedback",
        "",
        "Residents say the water point in block C has been dry for four days. "
        "(Invented demo story.)",
    ),
]


def load(stdout) -> None:
    for province, districts in LOCATIONS.items():
        parent, _ = Location.objects.get_or_create(
            name=province, level=Location.Level.ADMIN1, parent=None
        )
        for district in districts:
            Location.objects.get_or_create(
                name=district, level=Location.Level.ADMIN2, parent=parent
            )
    if Complaint.objects.exists():
        return
    focal = User.objects.filter(username="focal").first()
    if focal is None:
        return
    place = Location.objects.get(name="Nizip")
    suspect_org = Organisation.objects.filter(acronym="HBA").first()
    for index, (category, subcategory, story) in enumerate(STORIES):
        age = "12-17" if subcategory == "sex_with_minor" else "26-59"
        persons = []
        if category == "sea":
            persons = [
                PersonData(
                    roles={"survivor", "complainant"},
                    values={
                        "name": f"Demo Survivor {index + 1}",
                        "phone": f"0555 000 00{index:02d}",
                        "age_group": age,
                        "sex": "female",
                    },
                    consents={
                        "investigation": True,
                        "medical": True,
                        "psychosocial": True,
                        "statistics": True,
                    },
                    # A child never consents alone: her mother does, and she assents.
                    **(
                        {
                            "consent_given_by": "caregiver",
                            "consent_child_assent": True,
                            "caregiver_name": "Demo Mother",
                        }
                        if age == "12-17"
                        else {}
                    ),
                ),
                PersonData(
                    roles={"perpetrator"},
                    values={
                        "name": "Demo Perpetrator",
                        "affiliation": suspect_org,
                        "personnel_category": "partner_staff",
                    },
                ),
            ]
        services.complaint_intake(
            actor=focal,
            data=IntakeData(
                complaint={
                    "entry_point": codes.EntryPoint.FOCAL_POINT,
                    "category": category,
                    "subcategory": subcategory,
                    "narrative": story,
                    "location": place,
                    "feedback_channel": codes.FeedbackChannel.PHONE,
                },
                persons=persons,
            ),
            submit=True,
        )
    stdout.write(f"Demo complaints created: {len(STORIES)}.")
