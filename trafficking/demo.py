"""Demo data for `manage.py seed_demo`: a few invented victim records of GAI, kept by
the demo counter-trafficking officer ("trafficking"). The demo has no complaint screened
as trafficking, so none is opened from a complaint (the case page offers it once one is).
"""

import datetime
from typing import Any

from django.utils import timezone

from core.models import Location, Organisation, User

from . import codes
from .models import Victim
from .services import registry as services

RECORDS: list[dict[str, Any]] = [
    {
        "name": "Demo Person One (invented)",
        "gender": codes.Gender.FEMALE,
        "age_band": codes.AgeBand.AGE_24_26,
        "majority": codes.Majority.ADULT,
        "majority_at_exploitation": codes.Majority.ADULT,
        "citizenship": ["SYR"],
        "exploitation_countries": ["TUR"],
        "acts": [codes.Act.RECRUITMENT, codes.Act.HARBOURING],
        "means": [codes.Means.DECEPTION, codes.Means.ABUSE_OF_VULNERABILITY],
        "purposes": [codes.Purpose.FORCED_LABOUR, codes.Purpose.SEXUAL],
        "labour_sectors": [codes.LabourSector.AGRICULTURE],
        "sexual_exploitation_types": [codes.SexualExploitationType.PROSTITUTION],
        "means_of_control": [
            codes.MeansOfControl.DEBT_BONDAGE,
            codes.MeansOfControl.WITHHOLDS_DOCUMENTS,
            codes.MeansOfControl.FALSE_PROMISES,
        ],
        "recruiter_relations": [codes.RecruiterRelation.FRIEND],
        "duration": codes.Duration.MONTHS_6_12,
        "notes": "Invented demo record: met at a community centre in Nizip.",
    },
    {
        # A child: the Palermo means are not required.
        "name": "Demo Child (invented)",
        "gender": codes.Gender.MALE,
        "age_band": codes.AgeBand.AGE_9_17,
        "majority": codes.Majority.MINOR,
        "majority_at_exploitation": codes.Majority.MINOR,
        "citizenship": ["SYR"],
        "exploitation_countries": ["TUR"],
        "acts": [codes.Act.TRANSPORTATION],
        "purposes": [codes.Purpose.BEGGING],
        "labour_sectors": [codes.LabourSector.BEGGING],
        "means_of_control": [codes.MeansOfControl.THREATS],
        "recruiter_relations": [codes.RecruiterRelation.FAMILY],
        "duration": codes.Duration.MONTHS_1_6,
    },
    {
        "name": "Demo Person Three (invented)",
        "gender": codes.Gender.TRANS,
        "age_band": codes.AgeBand.AGE_30_38,
        "majority": codes.Majority.ADULT,
        "majority_at_exploitation": codes.Majority.ADULT,
        "citizenship": ["NGA"],
        "exploitation_countries": ["TUR"],
        "transit_countries": ["LBY"],
        "acts": [codes.Act.RECRUITMENT, codes.Act.TRANSFER],
        "means": [codes.Means.FRAUD],
        "purposes": [codes.Purpose.DOMESTIC_SERVITUDE],
        "labour_sectors": [codes.LabourSector.DOMESTIC_WORK],
        "means_of_control": [
            codes.MeansOfControl.EXCESSIVE_WORKING_HOURS,
            codes.MeansOfControl.WITHHOLDS_NECESSITIES,
        ],
        "recruiter_relations": [codes.RecruiterRelation.OTHER],
        "exploitation_began": datetime.date(2022, 1, 1),
        "exploitation_began_precision": codes.DatePrecision.YEAR,
        "duration": codes.Duration.YEARS_1_2,
    },
]


def load(stdout) -> None:
    if Victim.objects.exists():
        return
    officer = User.objects.filter(username="trafficking").first()
    natc = Organisation.objects.filter(acronym="NATC").first()
    if officer is None or not officer.is_active:
        return
    place = Location.objects.filter(name="Nizip").first()
    victims = [
        services.victim_create(actor=officer, data={**record, "location": place})
        for record in RECORDS
    ]
    if natc is not None:  # the third was identified by the national commission
        services.victim_identify(
            actor=officer,
            victim=victims[2],
            by_organisation=natc,
            on=timezone.localdate() - datetime.timedelta(days=30),
        )
    stdout.write(f"Demo victim records: {len(victims)}.")
