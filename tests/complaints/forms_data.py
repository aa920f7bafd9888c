"""POST data of the intake form, as a browser without JavaScript sends it."""

import uuid

from .conftest import CANARY_NAME, CANARY_PHONE, CANARY_STORY


def management(prefix, total):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "20",
    }


def intake_post(survivors=None, perpetrators=None, action="submit", **complaint):
    survivors = survivors if survivors is not None else [
        {"name": CANARY_NAME, "phone": CANARY_PHONE, "age_group": "18-25", "sex": "female",
         "consents": ["investigation", "medical"]}
    ]  # fmt: skip
    perpetrators = perpetrators if perpetrators is not None else [{"name": "Driver Perp"}]
    data = {
        "submission_key": str(uuid.uuid4()),
        "c-entry_point": "focal_point",
        "c-incident_date_precision": "unknown",
        "c-incident_date": "",
        "c-category": "sea",
        "c-subcategory": "transactional_sex",
        "c-priority": "medium",
        "c-narrative": CANARY_STORY,
        "c-feedback_channel": "phone",
        "complainant-is_survivor": "on",
        "t-recruiter_relationship": "unknown",
        "t-citizenship": "ZZZ",
        "t-exploitation_country": "ZZZ",
        "t-duration": "unknown",
        action: "1",
        **management("survivor", len(survivors)),
        **management("perpetrator", len(perpetrators)),
        **management("witness", 0),
    }
    for prefix, rows in (("survivor", survivors), ("perpetrator", perpetrators)):
        for index, row in enumerate(rows):
            for key, value in row.items():
                data[f"{prefix}-{index}-{key}"] = value
    data.update({f"c-{key}": value for key, value in complaint.items()})
    return data
