from django.http import HttpResponse

from core.permissions import Access, get_object_for_or_404
from core.roles import Role

from .models import Dossier


def dossier_access(user, dossier) -> Access:
    """Coordinators, and users granted `read_dossier` on this dossier (guardian)."""
    if not user.is_authenticated:
        return Access()
    if user.has_role(Role.COORDINATOR) or user.has_perm("testapp.read_dossier", dossier):
        return Access(view=True)
    return Access()


def dossier_detail(request, pk):
    dossier = get_object_for_or_404(request.user, Dossier.objects.all(), dossier_access, pk=pk)
    return HttpResponse(dossier.title)
