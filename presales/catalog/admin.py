"""The catalog in the admin: the tree, typed parameters, rules and prices are all data."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from presales.catalog.models import (
    Brand,
    CodeField,
    Component,
    ComponentCategory,
    ComponentPrice,
    ModelCodeRule,
    ParameterDefinition,
    Product,
    ProductCategory,
    ProductDatasheet,
    Supplier,
    SystemAccessory,
    SystemRule,
)


class ParameterDefinitionInline(admin.TabularInline):
    model = ParameterDefinition
    extra = 0


@admin.register(ProductCategory)
class ProductCategoryAdmin(SimpleHistoryAdmin):
    list_display = ["name", "parent", "order"]
    list_filter = ["parent"]
    search_fields = ["name"]
    inlines = [ParameterDefinitionInline]


class DatasheetInline(admin.TabularInline):
    model = ProductDatasheet
    extra = 0
    readonly_fields = ["uploaded_by", "uploaded_at"]


@admin.register(Product)
class ProductAdmin(SimpleHistoryAdmin):
    list_display = ["model_code", "name", "category", "list_price", "standard_cost", "channel_price", "status"]
    list_filter = ["status", "category"]
    search_fields = ["model_code", "name"]
    inlines = [DatasheetInline]

    def save_model(self, request, obj, form, change):
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)


@admin.register(Brand)
class BrandAdmin(admin.ModelAdmin):
    list_display = ["name", "country"]
    search_fields = ["name"]


@admin.register(Supplier)
class SupplierAdmin(admin.ModelAdmin):
    list_display = ["name", "contact"]
    search_fields = ["name"]


@admin.register(ComponentCategory)
class ComponentCategoryAdmin(SimpleHistoryAdmin):
    list_display = ["name", "default_brand", "order"]


class ComponentPriceInline(admin.TabularInline):
    model = ComponentPrice
    extra = 1
    readonly_fields = ["created_by", "created_at"]


@admin.register(Component)
class ComponentAdmin(SimpleHistoryAdmin):
    list_display = ["model", "brand", "category", "spec", "supplier"]
    list_filter = ["category", "brand"]
    search_fields = ["model", "name", "spec"]
    inlines = [ComponentPriceInline]

    def save_formset(self, request, form, formset, change):
        for instance in formset.save(commit=False):
            if isinstance(instance, ComponentPrice) and instance.created_by_id is None:
                instance.created_by = request.user
            instance.save()
        for obj in formset.deleted_objects:
            obj.delete()


class CodeFieldInline(admin.TabularInline):
    model = CodeField
    extra = 0


@admin.register(ModelCodeRule)
class ModelCodeRuleAdmin(SimpleHistoryAdmin):
    list_display = ["family", "pattern_shown", "category", "order"]
    inlines = [CodeFieldInline]

    @admin.display(description=_("pattern"), ordering="pattern")
    def pattern_shown(self, rule: ModelCodeRule) -> str:
        return rule.pattern_in_words  # each {field} by its parameter's name

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "pattern":
            field.help_text = _(
                "Fixed text with the parameters' codes in curly brackets; lists show the parameters' names."
            )
        return field


class SystemAccessoryInline(admin.TabularInline):
    model = SystemAccessory
    extra = 0
    autocomplete_fields = ["product"]


@admin.register(SystemRule)
class SystemRuleAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code_rule", "module_product", "module_rating_a", "redundancy", "is_active"]
    autocomplete_fields = ["module_product", "cabinet_product"]
    inlines = [SystemAccessoryInline]
