"""People pickers (presales.lib.forms.PeoplePicker): each people field offers the people of the
roles it is about — never an administrator's account, nor finance unless the field is about
them — names them with their department, refuses anyone else posted, and renders as a
searchable picker started from a static script (data attribute, no inline script)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from presales.accounts.models import Department
from presales.accounts.roles import PRESALES_PEOPLE, SALES_PEOPLE, TEAM_PEOPLE
from presales.customers.forms import CustomerForm
from presales.handover.forms import HandoverForm, VisitForm
from presales.lib.forms import PeoplePicker
from presales.opportunities.forms import MemberForm, OpportunityForm
from presales.solutions.forms import QAForm, ReviewForm
from presales.testing import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db):
    user = make_user("root", "presales_engineer", full_name="超级管理员")
    user.is_superuser = True
    user.save()
    return user


def _offered(field) -> set[str]:
    return {str(label) for value, label in field.choices if value != ""}


def test_the_picker_offers_its_roles_only(rep, engineer, manager, commercial, finance, admin_user, superuser):
    field = PeoplePicker.many(roles=TEAM_PEOPLE, label="team")
    offered = set(field.queryset)
    assert {rep, engineer, manager, commercial} <= offered
    assert not {finance, admin_user, superuser} & offered  # finance and administrators: never on a team


def test_labels_are_the_full_name_and_the_department(engineer):
    engineer.department = Department.objects.create(name="售前技术部")
    engineer.save()
    field = PeoplePicker.one(roles=PRESALES_PEOPLE, label="lead")
    assert _offered(field) == {"张工（售前技术部）"}
    assert "---------" not in {str(label) for _value, label in field.choices}


def test_the_widget_is_a_picker_started_from_a_data_attribute():
    html = PeoplePicker.many(roles=SALES_PEOPLE, label="x").widget.render("people", [])
    assert "data-people-picker" in html and "<script" not in html and "style=" not in html


def test_someone_outside_the_roles_is_refused(rep, engineer, finance):
    field = PeoplePicker.one(roles=PRESALES_PEOPLE, label="lead")
    assert field.clean(str(engineer.pk)) == engineer
    for crafted in (str(rep.pk), str(finance.pk), "99999", "abc", str(2**64)):
        with pytest.raises(ValidationError):
            field.clean(crafted)
    many = PeoplePicker.many(roles=TEAM_PEOPLE, label="team")
    with pytest.raises(ValidationError):
        many.clean([str(engineer.pk), str(finance.pk)])


def test_the_opportunity_form_offers_sales_owners_and_presales_leads(
    sales_head, rep, engineer, manager, commercial, finance, admin_user, customer
):
    form = OpportunityForm(user=sales_head)
    owners, leads = set(form.fields["sales_owner"].queryset), set(form.fields["presales_lead"].queryset)
    assert owners == {sales_head, rep}
    assert leads == {engineer, manager}
    assert form.fields["sales_owner"].initial == sales_head.pk  # his new opportunity is his own
    assert "data-people-picker" in str(form["presales_lead"])
    posted = {"name": "新商机", "customer": customer.pk, "industry": "public_security", "presales_lead": finance.pk}
    bound = OpportunityForm(posted, user=sales_head)
    assert not bound.is_valid() and "presales_lead" in bound.errors


def test_the_team_member_form_refuses_finance_and_admins(rep, engineer, finance, admin_user):
    assert MemberForm({"user": engineer.pk, "role": "presales"}).is_valid()
    for person in (finance, admin_user):
        form = MemberForm({"user": person.pk, "role": "presales"})
        assert not form.is_valid() and "user" in form.errors


def test_adding_finance_to_a_team_is_refused_by_the_page(client, rep, finance, opportunity):
    client.force_login(rep)
    client.post(reverse("opportunities:member_add", args=[opportunity.pk]), {"user": finance.pk, "role": "sales"})
    assert not opportunity.members.filter(user=finance).exists()


def test_the_other_people_fields(rep, engineer, manager, commercial, finance, service_mgmt, general_manager):
    customer_owner = set(CustomerForm(can_reassign=True).fields["owner"].queryset)
    assert customer_owner == {rep, commercial}
    review = ReviewForm()
    assert set(review.fields["chair"].queryset) == {manager}
    assert general_manager in set(review.fields["attendees"].queryset)
    assert finance not in set(review.fields["attendees"].queryset)
    assert set(QAForm().fields["our_attendees"].queryset) == {rep, engineer, manager, commercial, service_mgmt}
    handover = HandoverForm()
    assert set(handover.fields["implementation_lead"].queryset) == {engineer, manager, service_mgmt}
    assert set(VisitForm().fields["engineer"].queryset) == {engineer, manager, service_mgmt}


def test_the_dispatch_picker_names_departments(rep, engineer, manager):
    from presales.service_requests.forms import AssignForm
    from presales.service_requests.selectors import assignable_engineers

    engineer.department = Department.objects.create(name="售前技术部")
    engineer.save()
    form = AssignForm(engineers=list(assignable_engineers()))
    assert "张工（售前技术部）" in _offered(form.fields["engineer"])
    assert "data-people-picker" in str(form["engineer"])
    assert str(rep.pk) not in {str(value) for value, _label in form.fields["engineer"].choices}


def test_the_pages_load_the_picker_from_static_files(client, rep):
    client.force_login(rep)
    html = client.get(reverse("opportunities:create")).text
    assert "vendor/tom-select/tom-select.complete.min.js" in html and "js/people-picker.js" in html
    assert "data-people-picker" in html
