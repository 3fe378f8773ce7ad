from django.contrib import admin

from klimapakete.accounts.models import User


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    """Accounts are the operator's business (superusers), not support staff's."""

    list_display = ["email", "name", "is_support_staff", "is_active", "date_joined"]
    search_fields = ["email", "name"]
    fields = ["email", "name", "language", "is_active", "is_support_staff", "is_staff", "groups"]

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
