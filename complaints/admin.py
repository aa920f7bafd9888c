"""Reference data for administrators. Complaints are never registered here: the
administrator manages accounts and lists, and never reads a case."""

from django.contrib import admin

from core.admin import ReferenceDataAdmin

from .models import Location


@admin.register(Location)
class LocationAdmin(ReferenceDataAdmin):
    list_display = ["name", "level", "parent", "code", "is_active"]
    list_filter = ["level", "is_active"]
    search_fields = ["name", "code"]
    list_select_related = ["parent"]
