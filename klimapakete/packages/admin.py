from django.contrib import admin

from klimapakete.packages.models import ChecklistItem, Package, Resource, Step


class StepInline(admin.TabularInline):
    model = Step
    fields = ["order", "key", "title_de", "title_en", "tool", "archived"]
    extra = 0
    show_change_link = True


class ChecklistItemInline(admin.TabularInline):
    model = ChecklistItem
    fields = ["order", "key", "text_de", "text_en", "archived"]
    extra = 0


class ResourceInline(admin.TabularInline):
    model = Resource
    fields = ["order", "title_de", "title_en", "url"]
    extra = 0


@admin.register(Package)
class PackageAdmin(admin.ModelAdmin):
    list_display = ["title_de", "key", "version", "order", "archived"]
    inlines = [StepInline]


@admin.register(Step)
class StepAdmin(admin.ModelAdmin):
    list_display = ["__str__", "title_de", "order", "tool", "archived"]
    list_filter = ["package"]
    inlines = [ChecklistItemInline, ResourceInline]
