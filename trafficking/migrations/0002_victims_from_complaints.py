"""Each complaint's trafficking details become a victim record for its first survivor
(issue 14): the registry is per person now. The complaint's details keep only what a
reporter can say (complaints migration 0015 removes the rest after this one ran).

Codes are carried over onto the CTDC lists; nothing is dropped: a band the new lists
split ("more than a year") has its own code.
"""

from django.db import migrations

from core.crypto import data_key_create

PURPOSE = {
    "forced_labour": "forced_labour",
    "sexual": "sexual",
    "forced_marriage": "forced_marriage",
    "forced_criminality": "forced_criminality",
    "begging": "begging",
    "organ_removal": "organ_removal",
    "other": "other",
}
MEANS_OF_CONTROL = {
    "debt": "debt_bondage",
    "documents": "withholds_documents",
    "threats": "threats",
    "violence": "physical_abuse",
    "confinement": "restricts_movement",
    "substances": "psychoactive_substances",
    "other": "other",
}
RECRUITER = {
    "family": "family",
    "partner": "intimate_partner",
    "friend": "friend",
    "stranger": "other",
    "agency": "other",
    "unknown": "unknown",
}
GENDER = {"female": "female", "male": "male"}
AGE_BAND = {"12-17": "9--17"}
MAJORITY = {"0-11": "minor", "12-17": "minor", "18-25": "adult", "26-59": "adult", "60+": "adult"}


def _new_reference(Victim):
    from complaints.models import new_reference

    while True:
        reference = "VT-" + new_reference().split("-", 1)[1]
        if not Victim.objects.filter(reference=reference).exists():
            return reference


def forwards(apps, schema_editor):
    TraffickingDetails = apps.get_model("complaints", "TraffickingDetails")
    Person = apps.get_model("complaints", "Person")
    Victim = apps.get_model("trafficking", "Victim")
    for details in TraffickingDetails.objects.select_related("complaint").iterator():
        complaint = details.complaint
        person = (
            Person.objects.filter(complaint=complaint, is_survivor=True).order_by("pk").first()
        )
        victim = Victim(
            reference=_new_reference(Victim),
            organisation_id=complaint.receiving_organisation_id,
            complaint_id=complaint.pk,
            person_id=person.pk if person else None,
            data_key_id=data_key_create().pk,
            created_by_id=complaint.received_by_id,
            registered_on=complaint.received_at.date(),
            gender=GENDER.get(person.sex, "unknown") if person else "unknown",
            age_band=AGE_BAND.get(person.age_group, "unknown") if person else "unknown",
            majority_at_exploitation=MAJORITY.get(person.age_group, "unknown")
            if person
            else "unknown",
            purposes=[PURPOSE.get(details.exploitation_type, "other")],
            means_of_control=sorted(
                {MEANS_OF_CONTROL.get(code, "other") for code in details.means_of_control}
            ),
            recruiter_relations=[RECRUITER.get(details.recruiter_relationship, "unknown")],
            citizenship=[details.citizenship] if details.citizenship != "ZZZ" else [],
            exploitation_countries=(
                [details.exploitation_country] if details.exploitation_country != "ZZZ" else []
            ),
            duration=details.duration,
        )
        # The encrypted fields are empty, sealed under the record's new key on save.
        victim.save(force_insert=True)


class Migration(migrations.Migration):
    dependencies = [
        ("trafficking", "0001_initial"),
        ("complaints", "0014_every_country"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
