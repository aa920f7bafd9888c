from django.core.paginator import Paginator
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import selectors, services
from ..models import Complaint
from ..permissions import may_list_complaints, may_log_complaints
from .serializers import (
    ComplaintInput,
    ComplaintOutput,
    ComplaintPageOutput,
    ComplaintSummaryOutput,
)


class ComplaintListCreateApi(APIView):
    """List the complaints you may see; log a complaint (focal points, coordinators)."""

    @extend_schema(
        operation_id="complaints_list",
        parameters=[OpenApiParameter("page", int, description="From 1; past the last, the last.")],
        responses=ComplaintPageOutput,
    )
    def get(self, request):
        if not may_list_complaints(request.user):
            raise Http404
        page = Paginator(selectors.complaint_list_for(request.user), 50).get_page(
            request.GET.get("page")
        )
        return Response(
            {
                "count": page.paginator.count,
                "page": page.number,
                "pages": page.paginator.num_pages,
                "results": ComplaintSummaryOutput(page.object_list, many=True).data,
            }
        )

    @extend_schema(
        request=ComplaintInput, responses={201: ComplaintSummaryOutput, 200: ComplaintSummaryOutput}
    )
    def post(self, request):
        if not may_log_complaints(request.user):
            raise Http404
        serializer = ComplaintInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        key = serializer.validated_data.get("submission_key")
        data = serializer.intake_data()
        submit = serializer.validated_data["submit"]
        if key is not None:
            # A retry answers with the first complaint; other content with the key is a 409.
            digest = services.submission_digest(data, submit=submit)
            existing = services.submission_replay(
                submission_key=key, actor=request.user, digest=digest
            )
            if existing is not None:
                return Response(ComplaintSummaryOutput(existing).data, status=status.HTTP_200_OK)
        complaint = services.complaint_intake(
            actor=request.user,
            data=data,
            submit=submit,
            submission_key=key,
            source=Complaint.Source.API,
        )
        return Response(ComplaintSummaryOutput(complaint).data, status=status.HTTP_201_CREATED)


class ComplaintDetailApi(APIView):
    """One complaint, as much of it as your role may see; each read is audited."""

    @extend_schema(responses=ComplaintOutput)
    def get(self, request, reference):
        complaint, access = selectors.complaint_or_gone(request.user, reference)
        services.complaint_record_view(
            actor=request.user, complaint=complaint, identity=access.identity, role=access.role
        )
        serializer = ComplaintOutput if access.content else ComplaintSummaryOutput
        return Response(serializer(complaint, context={"access": access}).data)
