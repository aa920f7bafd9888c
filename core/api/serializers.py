from rest_framework import serializers


class OrganisationOutput(serializers.Serializer):
    acronym = serializers.CharField()
    name = serializers.CharField()
    type = serializers.CharField()


class MeOutput(serializers.Serializer):
    username = serializers.CharField()
    organisation = OrganisationOutput(allow_null=True)
    roles = serializers.SerializerMethodField()

    def get_roles(self, user) -> list[str]:
        return sorted(user.roles)
