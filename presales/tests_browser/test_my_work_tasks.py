"""Stage tasks go to the person who does them, in a real browser, in Chinese.

The opportunity is in 咨询 (set up in Python): its tasks say "销售人员…" (the sales owner's) and
"售前技术工程师…" (the presales lead's). The sales rep logs in and finds his own tasks on 我的工作
(the home page) — with their role — and not the engineer's; he opens the opportunity from
the task, where the checklist shows who holds each task. The engineer then logs in and sees
his own, not the rep's.

Selectors use data-testid attributes and URLs, never translated wording; assertions on text
use the seed's task titles and the test's names.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from presales.opportunities.models import OpportunityTask, TaskRole
from presales.testing import make_customer, make_opportunity, make_user, walk_to
from presales.tests_browser.test_presales_flow import assert_screenshot, log_in, log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

REP_TASK = "销售人员将解决方案与项目报价清单提交给客户"
ENGINEER_TASK = "售前技术工程师根据前期销售人员反馈的信息和客户的需求，编制《解决方案》"


def my_tasks(page: Page):
    return page.get_by_test_id("my-tasks")


def test_rep_sees_his_own_stage_tasks_on_my_work(browser_page, artifacts_dir):
    rep = make_user("wang.rep", "sales_rep", full_name="王销售")
    engineer = make_user("zhang.eng", "presales_engineer", full_name="张工")
    manager = make_user("chen.mgr", "presales_manager", full_name="陈主管")
    customer = make_customer(rep, "温州市人民医院")
    opportunity = make_opportunity(rep, customer, name="温州市人民医院UPS改造", presales_lead=engineer)
    opportunity = walk_to(opportunity, "consulting", worker=engineer, approver=manager)
    rep_task = OpportunityTask.objects.get(opportunity=opportunity, title=REP_TASK)
    engineer_task = OpportunityTask.objects.get(opportunity=opportunity, title=ENGINEER_TASK)
    assert (rep_task.role, rep_task.assignee) == (TaskRole.SALES_OWNER, rep)
    assert (engineer_task.role, engineer_task.assignee) == (TaskRole.PRESALES_LEAD, engineer)
    page = browser_page

    # 1. The rep's 我的工作: his task, with its role, and not the engineer's.
    log_in(page, rep)
    page.goto(reverse("home"))
    row = my_tasks(page).get_by_test_id(f"my-task-{rep_task.pk}")
    expect(row).to_contain_text(REP_TASK)
    expect(row.get_by_test_id("task-role")).to_have_text(rep_task.get_role_display())
    expect(my_tasks(page).get_by_test_id(f"my-task-{engineer_task.pk}")).to_have_count(0)
    expect(my_tasks(page)).not_to_contain_text("编制《解决方案》")
    assert_screenshot(page, artifacts_dir / "my_work_tasks_rep.png")

    # 2. From the task to the opportunity: the checklist says who holds each task.
    row.get_by_role("link").click()
    expect(page).to_have_url(re.compile(rf"/opportunities/{opportunity.pk}/$"))
    expect(page.get_by_test_id(f"task-assignee-{rep_task.pk}")).to_contain_text(rep.full_name)
    expect(page.get_by_test_id(f"task-assignee-{engineer_task.pk}")).to_contain_text(engineer.full_name)

    # 3. The engineer's 我的工作: his own task, not the rep's.
    log_out(page)
    log_in(page, engineer)
    page.goto(reverse("home"))
    expect(my_tasks(page).get_by_test_id(f"my-task-{engineer_task.pk}")).to_contain_text("编制《解决方案》")
    expect(my_tasks(page).get_by_test_id(f"my-task-{rep_task.pk}")).to_have_count(0)
    assert page.console_errors == []
