# The rules of issue 11 applied to the cases that exist already, so a deployment does not
# leave them as they were:
# - "sexual activity with a minor" is a child case, whatever the ages recorded;
# - a submitted complaint alleging SEA or trafficking, or involving a child, is locked to
#   need-to-know roles (the focal point who logged it then sees its status only);
# - a consent a child gave alone (a survivor under 18, or of unknown age on a child case)
#   stands no more: it is withdrawn, and the coordinator seeks it again from a caregiver
#   (the case page shows it withdrawn; the holders' access ends with it).

from django.db import migrations
from django.db.models import Q
from django.utils import timezone

LOCKED_CATEGORIES = ["sea", "trafficking"]
CHILD_AGES = ["0-11", "12-17"]
ADULT_AGES = ["18-25", "26-59", "60+"]


def forwards(apps, schema_editor):
    Complaint = apps.get_model("complaints", "Complaint")
    Consent = apps.get_model("complaints", "Consent")
    Complaint.objects.filter(subcategory="sex_with_minor", is_child_case=False).update(
        is_child_case=True, priority="high"
    )
    Complaint.objects.exclude(status="draft").filter(
        Q(category__in=LOCKED_CATEGORIES) | Q(is_child_case=True), need_to_know=False
    ).update(need_to_know=True)
    alone = Consent.objects.filter(given=True, given_by="survivor", withdrawn_at__isnull=True)
    alone.filter(
        Q(survivor__age_group__in=CHILD_AGES)
        | (Q(complaint__is_child_case=True) & ~Q(survivor__age_group__in=ADULT_AGES))
    ).update(withdrawn_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0009_case_notes"),
    ]

    # Nothing to undo: a lock or a withdrawal is kept (the earlier release shows it as such).
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
