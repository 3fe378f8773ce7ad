from django.contrib import admin

from klimapakete.support.models import PartnerOrganisation


@admin.register(PartnerOrganisation)
class PartnerOrganisationAdmin(admin.ModelAdmin):
    list_display = ["name"]
    filter_horizontal = ["people"]
