from django.http import HttpResponse

from core.permissions import Access, get_object_for_or_404, has_grant
from core.roles import Role

from .models import Dossier


def dossier_access(user, dossier) -> Access:
    """Coordinators, and users granted `read_dossier` on this dossier (guardian)."""
    if not user.is_authenticated:
        return Access()
    if user.has_role(Role.COORDINATOR) or has_grant(user, "read_dossier", dossier):
        return Access(view=True)
    return Access()


def dossier_detail(request, pk):
    dossier = get_object_for_or_404(request.user, Dossier.objects.all(), dossier_access, pk=pk)
    return HttpResponse(dossier.title)


def refuse(request):
    from core.errors import ApplicationError

    raise ApplicationError(
        "deadline_passed", "This referral can no longer be withdrawn.", status=409
    )
