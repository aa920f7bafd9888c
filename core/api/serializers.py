from rest_framework import serializers

from core.models import User


class OrganisationOutput(serializers.Serializer):
    acronym = serializers.CharField()
    name = serializers.CharField()
    type = serializers.CharField()


class MeOutput(serializers.Serializer):
    username = serializers.CharField()
    organisation = OrganisationOutput(allow_null=True)
    roles = serializers.SerializerMethodField()

    def get_roles(self, user: User) -> list[str]:
        return sorted(user.roles)
