"""Shared test factories (factory_boy): organisations and users with roles."""

from typing import Any

import factory

from .models import Organisation, User
from .roles import ROLE_FIELDS, Role


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["acronym"]

    name = factory.Sequence(lambda n: f"Agency {n}")
    acronym = factory.Sequence(lambda n: f"AG{n}")
    type = Organisation.Type.INGO


class UserFactory(factory.django.DjangoModelFactory):
    """`UserFactory(roles=[Role.COORDINATOR])` gives a coordinator."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    organisation = factory.SubFactory(OrganisationFactory)
    password = factory.django.Password("correct-horse-battery")
    roles = ()

    @classmethod
    def _adjust_kwargs(cls, **kwargs: Any) -> dict[str, Any]:
        roles = kwargs.pop("roles", ())
        for role in roles:
            kwargs[ROLE_FIELDS[Role(role)]] = True
        if Role.ADMIN in roles:
            kwargs["is_staff"] = True
        return kwargs
