"""`load_demo` builds a whole presales department through the services; `demo_logins` prints
who to log in as.

The demo is built once for the class (Django's setUpTestData: it takes some seconds) and
loaded a second time to prove the command idempotent; each test then reads the result
inside its own transaction. Attachments go to a temporary MEDIA_ROOT.
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from io import StringIO
from pathlib import Path

from django.conf import global_settings, settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db.models import Count
from django.test import TestCase, override_settings
from django.utils import timezone
from openpyxl import load_workbook

from presales.accounts.models import Department, User
from presales.accounts.roles import Role
from presales.approvals.models import Approval, ApprovalAssignment, ApprovalStatus
from presales.customers.models import Contact, Customer
from presales.demo.data import DEMO_USERNAMES
from presales.notifications.models import Notification
from presales.opportunities.models import (
    Activity,
    Deliverable,
    DeliverableStatus,
    EventKind,
    Opportunity,
    OpportunityEvent,
    OpportunityMember,
    OpportunityStatus,
    OpportunityTask,
    Stage,
)
from presales.opportunities.selectors import my_work
from presales.testing import make_customer

COUNTED = [
    User,
    Department,
    Customer,
    Contact,
    Opportunity,
    OpportunityMember,
    OpportunityTask,
    Deliverable,
    Activity,
    OpportunityEvent,
]
MOVES = [EventKind.STAGE_ADVANCED, EventKind.STAGE_MOVED_BACK]


def run(command: str, *args) -> str:
    out = StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


class LoadDemoTests(TestCase):
    @classmethod
    def setUpClass(cls):
        cls.media = tempfile.mkdtemp(prefix="presales-demo-test-")
        cls.addClassCleanup(shutil.rmtree, cls.media, ignore_errors=True)
        cls.enterClassContext(override_settings(MEDIA_ROOT=cls.media))
        super().setUpClass()  # runs setUpTestData

    @classmethod
    def setUpTestData(cls):
        cls.first_output = run("load_demo")
        cls.after_first = counts()
        cls.second_output = run("load_demo")
        cls.after_second = counts()

    # -- people -----------------------------------------------------------------
    def test_every_role_has_a_member_and_all_share_the_demo_password(self):
        self.assertGreaterEqual(User.objects.count(), 10)
        self.assertGreaterEqual(Department.objects.count(), 7)
        for role in Role.values:
            with self.subTest(role=role):
                self.assertTrue(Group.objects.get(name=role).user_set.exists())
        for user in User.objects.filter(username__in=DEMO_USERNAMES):
            with self.subTest(user=user.username), self.settings(PASSWORD_HASHERS=global_settings.PASSWORD_HASHERS):
                # the suite's conftest switches to a cheap hasher per test; the demo used the real one
                self.assertTrue(user.check_password(settings.PRESALES_DEMO_PASSWORD))
                self.assertTrue(user.full_name and user.department_id and user.title and user.phone)
        admin = User.objects.get(username="admin")
        self.assertTrue(admin.is_staff and admin.is_superuser)
        self.assertTrue(admin.groups.filter(name=Role.ADMIN).exists())
        reps = User.objects.filter(groups__name=Role.SALES_REP).count()
        engineers = User.objects.filter(groups__name=Role.PRESALES_ENGINEER).count()
        self.assertGreaterEqual(reps, 3)
        self.assertGreaterEqual(engineers, 3)

    # -- customers ----------------------------------------------------------------
    def test_customers_of_both_businesses_with_contacts(self):
        self.assertGreaterEqual(Customer.objects.count(), 30)
        industries = set(Customer.objects.values_list("industry", flat=True))
        self.assertTrue(
            {"power_grid", "rail", "petrochemical", "public_security", "education", "government"} <= industries
        )
        for customer in Customer.objects.annotate(n=Count("contacts")):
            with self.subTest(customer=customer.name):
                self.assertTrue(1 <= customer.n <= 3)
        self.assertFalse(Contact.objects.filter(concerns="").exists())
        self.assertFalse(Contact.objects.filter(decision_role="").exists())
        self.assertTrue(Contact.objects.filter(decision_role="decision_maker").exists())

    # -- opportunities --------------------------------------------------------------
    def test_every_stage_has_active_opportunities_and_every_status_occurs(self):
        self.assertGreaterEqual(Opportunity.objects.count(), 60)
        for stage in Stage.objects.filter(template__is_default=True):
            with self.subTest(stage=stage.code):
                self.assertTrue(Opportunity.objects.active().filter(current_stage=stage).exists())
        self.assertEqual(set(Opportunity.objects.values_list("status", flat=True)), set(OpportunityStatus.values))
        for lost in Opportunity.objects.filter(status=OpportunityStatus.LOST):
            self.assertTrue(lost.winning_competitor and lost.close_reason and lost.closed_at)
        self.assertFalse(Opportunity.objects.exclude(status=OpportunityStatus.ACTIVE).filter(close_reason="").exists())

    def test_projects_without_tender_skip_tender_and_bidding(self):
        no_tender = Opportunity.objects.filter(has_tender=False)
        self.assertGreaterEqual(no_tender.count(), 5)
        self.assertFalse(no_tender.filter(current_stage__code__in=["tender", "bidding"]).exists())
        skipped = OpportunityEvent.objects.filter(kind=EventKind.STAGE_SKIPPED, opportunity__has_tender=False)
        self.assertEqual(set(skipped.values_list("to_stage__code", flat=True)), {"tender", "bidding"})

    def test_amounts_and_sign_dates_are_spread(self):
        amounts = [int(a) for a in Opportunity.objects.values_list("expected_amount", flat=True)]
        self.assertEqual((min(amounts), max(amounts)), (150_000, 12_000_000))
        today = timezone.localdate()
        active = Opportunity.objects.active()
        self.assertTrue(active.filter(expected_sign_date__lt=today).exists())  # some overdue
        self.assertTrue(active.filter(expected_sign_date__gt=today).exists())

    def test_current_stage_agrees_with_the_stage_move_events(self):
        for opportunity in Opportunity.objects.select_related("current_stage"):
            with self.subTest(opportunity=opportunity.code):
                moves = list(opportunity.events.filter(kind__in=MOVES).order_by("id"))
                if opportunity.current_stage.order > 1:
                    self.assertTrue(any(m.kind == EventKind.STAGE_ADVANCED for m in moves))
                    self.assertEqual(moves[-1].to_stage_id, opportunity.current_stage_id)
                else:
                    self.assertTrue(not moves or moves[-1].to_stage_id == opportunity.current_stage_id)

    def test_every_forward_move_passed_the_gate(self):
        """What the gate demands of a stage was met for every stage an opportunity left."""
        for event in OpportunityEvent.objects.filter(kind=EventKind.STAGE_ADVANCED).select_related("from_stage"):
            stage, opportunity_id = event.from_stage, event.opportunity_id
            with self.subTest(opportunity=opportunity_id, stage=stage.code):
                for dtype in stage.deliverable_types.filter(required=True):
                    self.assertTrue(
                        Deliverable.objects.filter(
                            opportunity_id=opportunity_id, deliverable_type=dtype, status=DeliverableStatus.APPROVED
                        ).exists()
                    )
                self.assertFalse(
                    OpportunityTask.objects.filter(
                        opportunity_id=opportunity_id, stage=stage, required=True, done_at__isnull=True
                    ).exists()
                )

    def test_history_is_back_dated_in_order_and_never_in_the_future(self):
        now = timezone.now()
        for opportunity in Opportunity.objects.all():
            with self.subTest(opportunity=opportunity.code):
                times = list(opportunity.events.order_by("id").values_list("at", flat=True))
                self.assertEqual(times, sorted(times))
                self.assertLessEqual(times[-1], now)
                self.assertLessEqual(opportunity.created_at, times[0])
                self.assertLessEqual(opportunity.stage_entered_at, now)
        oldest = Opportunity.objects.order_by("created_at").first().created_at
        self.assertGreater(now - oldest, timezone.timedelta(days=180))  # a year's pipeline, not a minute's
        self.assertTrue(
            Opportunity.objects.active().filter(stage_entered_at__lt=now - timezone.timedelta(days=14)).exists()
        )
        self.assertFalse(Activity.objects.filter(occurred_on__gt=timezone.localdate()).exists())

    def test_work_in_progress_shows_on_the_home_pages(self):
        today = timezone.localdate()
        awaiting = my_work(User.objects.get(username="zhou.min"))["awaiting_approval"]
        self.assertGreaterEqual(len(awaiting), 5)
        open_tasks = OpportunityTask.objects.filter(
            done_at__isnull=True, opportunity__status=OpportunityStatus.ACTIVE, due_date__lt=today
        )
        self.assertTrue(open_tasks.exists())
        engineer = my_work(User.objects.get(username="zhang.wei"))
        self.assertTrue(engineer["my_opportunities"] and engineer["overdue_tasks"])
        with_activities = Opportunity.objects.filter(activities__isnull=False).distinct().count()
        self.assertGreaterEqual(with_activities, 0.75 * Opportunity.objects.count())
        self.assertEqual(
            set(Activity.objects.values_list("kind", flat=True)), {"visit", "call", "meeting", "demo", "note"}
        )
        self.assertTrue(OpportunityMember.objects.exists())

    def test_deliverables_are_decided_through_the_approvals_engine(self):
        reviewed = Deliverable.objects.filter(deliverable_type__approval_template__isnull=False)
        approved = reviewed.filter(status=DeliverableStatus.APPROVED)
        self.assertGreater(approved.count(), 20)
        approvals = {(a.target_id, a.status) for a in Approval.objects.all()}
        for deliverable in approved:
            self.assertIn((deliverable.pk, ApprovalStatus.APPROVED), approvals)
        for deliverable in reviewed.filter(status=DeliverableStatus.SUBMITTED):
            self.assertIn((deliverable.pk, ApprovalStatus.PENDING), approvals)
        self.assertTrue(Approval.objects.filter(status=ApprovalStatus.REJECTED).exists())  # some were returned
        for decision in ApprovalAssignment.objects.exclude(outcome="").select_related("step__approval"):
            self.assertNotEqual(decision.approver_id, decision.step.approval.submitted_by_id)  # nobody self-approves
        # 《解决方案》/《项目验收报告》 are recorded as approved from elsewhere, never sent to approval
        recorded = Deliverable.objects.exclude(deliverable_type__fulfilled_by="")
        self.assertTrue(recorded.exists())
        self.assertEqual(set(recorded.values_list("status", flat=True)), {DeliverableStatus.APPROVED})
        self.assertFalse(Approval.objects.filter(target_id__in=recorded.values("pk")).exists())
        # the approvers were told in the app, back-dated with the rest, and nobody was e-mailed
        notifications = Notification.objects.filter(recipient__username="zhou.min")
        self.assertTrue(notifications.exists())
        self.assertFalse(Notification.objects.filter(emailed_at__isnull=True).exists())
        self.assertLess(
            notifications.order_by("created_at").first().created_at, timezone.now() - timezone.timedelta(days=30)
        )

    def test_some_deliverables_carry_small_generated_files(self):
        with_files = Deliverable.objects.exclude(file="")
        self.assertGreaterEqual(with_files.count(), 5)
        names = set()
        for deliverable in with_files:
            with self.subTest(deliverable=deliverable.title):
                # written under the class's MEDIA_ROOT (the suite points each test at its own)
                path = Path(self.media) / deliverable.file.name
                self.assertTrue(path.is_file())
                self.assertLess(path.stat().st_size, 20_000)
                names.add(path.suffix)
                if path.suffix == ".xlsx":  # a quote list: its total is the opportunity's expected amount
                    rows = list(load_workbook(path, read_only=True).active.iter_rows(values_only=True))
                    self.assertEqual(rows[-1][-1], deliverable.opportunity.expected_amount)
                else:  # a Word document whose text is the deliverable's title and paragraphs
                    with zipfile.ZipFile(path) as archive:
                        self.assertIn(deliverable.title, archive.read("word/document.xml").decode())
        self.assertEqual(names, {".docx", ".xlsx"})

    # -- idempotency and log-ins -------------------------------------------------------
    def test_second_run_creates_nothing(self):
        self.assertIn("loaded", self.first_output)
        self.assertIn("already loaded", self.second_output)
        self.assertEqual(self.after_second, self.after_first)
        self.assertEqual(counts(), self.after_first)

    def test_demo_logins_lists_every_demo_user_the_password_and_the_address(self):
        output = run("demo_logins")
        self.assertIn("http://127.0.0.1:8000", output)
        self.assertIn(settings.PRESALES_DEMO_PASSWORD, output)
        lines = output.splitlines()
        for username in DEMO_USERNAMES:
            with self.subTest(username=username):
                self.assertTrue(any(line.split()[:1] == [username] for line in lines))
        admin_line = next(line for line in lines if line.split()[:1] == ["admin"])
        self.assertIn("(admin)", admin_line)


def test_demo_logins_says_when_there_is_no_demo(db):
    assert "No demo data" in run("demo_logins")


def test_load_demo_leaves_a_database_with_real_customers_alone(rep):
    customer = make_customer(rep, "温州市鹿城区人民政府")
    output = run("load_demo")
    assert "Nothing loaded" in output
    assert not User.objects.filter(username__in=DEMO_USERNAMES).exists()
    assert list(Customer.objects.all()) == [customer]
    assert not Opportunity.objects.exists()


def test_load_demo_stops_when_a_demo_user_exists(db):
    User.objects.create_user(username="wang.qiang", password="Another-Passw0rd!")
    output = run("load_demo")
    assert "already loaded" in output and "wang.qiang" in output
    assert not Customer.objects.exists()
