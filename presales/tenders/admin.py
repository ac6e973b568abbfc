"""The tenders' admin data (the bid decision criteria, the bid package item types, the review
checks) is edited here; tenders themselves are worked on their own pages."""

from django.contrib import admin

from presales.tenders.models import BidCriterion, PackageItemType, ReviewItemTemplate


@admin.register(BidCriterion)
class BidCriterionAdmin(admin.ModelAdmin):
    list_display = ["name", "weight", "order", "is_active"]
    list_editable = ["weight", "order", "is_active"]
    search_fields = ["name"]


@admin.register(PackageItemType)
class PackageItemTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "required", "from_library", "order", "is_active"]
    list_editable = ["required", "from_library", "order", "is_active"]
    search_fields = ["name"]


@admin.register(ReviewItemTemplate)
class ReviewItemTemplateAdmin(admin.ModelAdmin):
    list_display = ["text", "kind", "checks_bid_price", "order", "is_active"]
    list_editable = ["order", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["text"]
