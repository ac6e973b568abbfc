"""A contact saved from an old copy is refused (issue 8), like customers already are."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from presales.customers import services
from presales.customers.models import Contact
from presales.testing import browser, payload_of


def test_contact_saved_from_an_old_copy_is_refused_and_keeps_both(customer, rep, manager):
    contact = services.contact_save(customer=customer, user=rep, data={"name": "张主任", "concerns": "价格"})
    url = reverse("customers:contact_edit", args=[customer.pk, contact.pk])
    first, second = browser(manager), browser(rep)
    first_form, second_form = first.get(url).context["form"], second.get(url).context["form"]

    assert first.post(url, payload_of(first_form, concerns="主管补充：关注售后响应")).status_code == 302
    refused = second.post(url, payload_of(second_form, concerns="销售补充：关注技术架构"))

    assert refused.status_code == 200
    assert "Changed by 陈主管" in refused.context["form"].non_field_errors()[0]
    assert "销售补充：关注技术架构" in refused.text
    assert Contact.objects.get(pk=contact.pk).concerns == "主管补充：关注售后响应"

    version = re.search(r'name="version" value="(\d+)"', refused.text).group(1)
    again = second.post(url, payload_of(refused.context["form"], version=version))
    assert again.status_code == 302
    assert Contact.objects.get(pk=contact.pk).concerns == "销售补充：关注技术架构"


def test_saving_a_contact_deleted_meanwhile_is_refused_not_a_500(rep, customer):
    from presales.customers import services
    from presales.lib.services import ServiceError

    contact = services.contact_save(customer=customer, user=rep, data={"name": "胡立新"})
    stale = type(contact).objects.get(pk=contact.pk)
    services.contact_delete(contact=contact, user=rep)
    with pytest.raises(ServiceError):
        services.contact_save(customer=customer, user=rep, data={"name": "胡立新"}, contact=stale, seen_version=1)
