from django.core.exceptions import ValidationError
from django.http import HttpResponse
from rest_framework.views import APIView

from core.errors import ApplicationError
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


REFUSAL = ("deadline_passed", "This referral can no longer be withdrawn.")


def refuse(request):
    raise ApplicationError(*REFUSAL, status=409)


class RefuseApi(APIView):
    """The same refusal through the API; and a service's field error (`?field=1`)."""

    schema = None  # a test fixture, not part of the documented API

    def get(self, request):
        if request.GET.get("field"):
            raise ValidationError({"narrative": ["Describe what happened before submitting."]})
        raise ApplicationError(*REFUSAL, status=409)
