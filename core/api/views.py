from rest_framework.response import Response
from rest_framework.views import APIView

from .serializers import MeOutput


class MeApi(APIView):
    """The signed-in user's organisation and roles."""

    def get(self, request):
        return Response(MeOutput(request.user).data)
