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
from collections import Counter
from datetime import timedelta
from decimal import Decimal
from io import StringIO
from pathlib import Path

from django.conf import global_settings, settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db.models import Count
from django.test import TestCase, override_settings
from django.utils import timezone, translation
from openpyxl import load_workbook

from presales.accounts.models import Department, User
from presales.accounts.roles import Role
from presales.approvals.models import Approval, ApprovalAssignment, ApprovalStatus
from presales.catalog import configurator
from presales.catalog.models import (
    Component,
    ComponentCategory,
    ComponentPrice,
    ModelCodeRule,
    ParameterDefinition,
    Product,
    ProductCategory,
    SystemRule,
)
from presales.catalog.selectors import brand_comparison, priced_components
from presales.contracts import events as contract_events
from presales.contracts.models import ActualCost, Contract, ContractKind, ContractStatus
from presales.customers.models import Contact, Customer
from presales.demo.data import DEMO_USERNAMES
from presales.demo.data.contracts import OUR_COMPANY
from presales.events import registry
from presales.events import selectors as event_selectors
from presales.events.models import Event
from presales.handover.models import AcceptanceReport, AcceptanceStatus, Handover
from presales.lib.sections import sections_for
from presales.notifications.models import Notification
from presales.opportunities import events as opportunity_events
from presales.opportunities.models import (
    Activity,
    Deliverable,
    DeliverableStatus,
    Opportunity,
    OpportunityMember,
    OpportunityStatus,
    OpportunityTask,
    Stage,
)
from presales.opportunities.services import gate_missing
from presales.quotes.models import Purpose, Quote, QuoteLine, QuoteVersion
from presales.quotes.models import VersionStatus as QuoteStatus
from presales.service_requests import events as request_events
from presales.service_requests.models import (
    OPEN_STATUSES,
    RequestStatus,
    RequirementsForm,
    ServiceRequest,
    SiteSurvey,
)
from presales.solutions.models import (
    QASession,
    Review,
    Solution,
    SolutionVersion,
    VersionStatus,
)
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
    Event,
    ServiceRequest,
    SiteSurvey,
    RequirementsForm,
    Solution,
    SolutionVersion,
    Review,
    QASession,
    Handover,
    AcceptanceReport,
    Approval,
    Product,
    Component,
    ComponentPrice,
    Quote,
    QuoteVersion,
    QuoteLine,
    Contract,
    ActualCost,
]
MOVES = [opportunity_events.STAGE_ADVANCED, opportunity_events.STAGE_MOVED_BACK]


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
        skipped = Event.objects.filter(kind=opportunity_events.STAGE_SKIPPED, opportunity__has_tender=False)
        skipped_stages = Stage.objects.filter(pk__in=[e.data["to_stage_id"] for e in skipped])
        self.assertEqual(set(skipped_stages.values_list("code", flat=True)), {"tender", "bidding"})

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
                    self.assertTrue(any(m.kind == opportunity_events.STAGE_ADVANCED for m in moves))
                    self.assertEqual(moves[-1].data["to_stage_id"], opportunity.current_stage_id)
                else:
                    self.assertTrue(not moves or moves[-1].data["to_stage_id"] == opportunity.current_stage_id)

    def test_every_forward_move_passed_the_gate(self):
        """What the gate demands of a stage was met for every stage an opportunity left."""
        stages = Stage.objects.in_bulk()
        for event in Event.objects.filter(kind=opportunity_events.STAGE_ADVANCED):
            stage, opportunity_id = stages[event.data["from_stage_id"]], event.opportunity_id
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
                # The opportunity's own events (the other apps' are built in later phases of the
                # demo, and so is the engineer joining the team by accepting a service request)
                own = opportunity.events.filter(kind__startswith="opportunities.").exclude(
                    kind=opportunity_events.MEMBER_ADDED_BY_ASSIGNMENT
                )
                times = list(own.order_by("id").values_list("at", flat=True))
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
        def home_page(user) -> dict:
            """What the home page shows the user: its "my work" sections' contexts, merged."""
            return {key: value for shown in sections_for("my_work", None, user) for key, value in shown.context.items()}

        today = timezone.localdate()
        awaiting = home_page(User.objects.get(username="zhou.min"))["awaiting_approval"]
        self.assertGreaterEqual(len(awaiting), 5)
        open_tasks = OpportunityTask.objects.filter(
            done_at__isnull=True, opportunity__status=OpportunityStatus.ACTIVE, due_date__lt=today
        )
        self.assertTrue(open_tasks.exists())
        engineer = home_page(User.objects.get(username="zhang.wei"))
        self.assertTrue(engineer["my_opportunities"] and engineer["overdue_tasks"])
        with_activities = Opportunity.objects.filter(activities__isnull=False).distinct().count()
        self.assertGreaterEqual(with_activities, 0.75 * Opportunity.objects.count())
        self.assertEqual(
            set(Activity.objects.values_list("kind", flat=True)), {"visit", "call", "meeting", "demo", "note"}
        )
        # Activities pick the customer's contacts and name the next step and follow-up date.
        self.assertTrue(Activity.objects.filter(contacts__isnull=False, next_follow_up_on__isnull=False).exists())
        self.assertTrue(OpportunityMember.objects.exists())

    def test_deliverables_are_decided_through_the_approvals_engine(self):
        reviewed = Deliverable.objects.filter(deliverable_type__approval_template__isnull=False)
        approved = reviewed.filter(status=DeliverableStatus.APPROVED)
        self.assertGreater(approved.count(), 20)
        deliverable_type = ContentType.objects.get_for_model(Deliverable)
        approvals = {(a.target_id, a.status) for a in Approval.objects.filter(target_type=deliverable_type)}
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
        self.assertFalse(
            Approval.objects.filter(target_type=deliverable_type, target_id__in=recorded.values("pk")).exists()
        )
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
                if path.suffix == ".xlsx":  # a quote list: the quote module's version exported, its total
                    rows = list(load_workbook(path, read_only=True).active.iter_rows(values_only=True))
                    totals = set(
                        QuoteVersion.objects.filter(quote__opportunity=deliverable.opportunity).values_list(
                            "total_amount", flat=True
                        )
                    )
                    self.assertIn(Decimal(str(rows[-1][-1])).quantize(Decimal("0.01")), totals)
                else:  # a Word document whose text is the deliverable's title and paragraphs
                    with zipfile.ZipFile(path) as archive:
                        text = archive.read("word/document.xml").decode()
                        # a signed-off solution version's or acceptance report's own document
                        recorded = deliverable.deliverable_type.fulfilled_by
                        self.assertIn(deliverable.opportunity.name if recorded else deliverable.title, text)
        self.assertEqual(names, {".docx", ".xlsx"})

    # -- service requests ------------------------------------------------------------------
    def test_service_requests_in_every_status_spread_over_the_engineers(self):
        self.assertEqual(set(ServiceRequest.objects.values_list("status", flat=True)), set(RequestStatus.values))
        today = timezone.localdate()
        queue = ServiceRequest.objects.filter(status=RequestStatus.SUBMITTED, assignee__isnull=True)
        self.assertGreaterEqual(queue.count(), 2)
        self.assertTrue(queue.filter(wanted_by__lt=today).exists())  # one overdue in the dispatch queue
        self.assertTrue(queue.filter(wanted_by__gte=today).exists())
        # declined by one engineer, then given to another
        declined = ServiceRequest.objects.filter(events__kind=request_events.DECLINED).distinct()
        self.assertTrue(declined.filter(status=RequestStatus.ASSIGNED).exists())
        for sr in declined:
            decliner = sr.events.get(kind=request_events.DECLINED).actor
            self.assertNotEqual(decliner, sr.assignee)
        loads = {
            row["assignee__username"]: row["n"]
            for row in ServiceRequest.objects.filter(status__in=OPEN_STATUSES)
            .values("assignee__username")
            .annotate(n=Count("id"))
        }
        self.assertGreaterEqual(len(loads), 3)
        self.assertGreater(max(loads.values()), min(loads.values()))  # different loads
        for sr in ServiceRequest.objects.filter(status__in=[RequestStatus.REJECTED, RequestStatus.CANCELLED]):
            self.assertTrue(sr.reason and sr.closed_at)
        for sr in ServiceRequest.objects.filter(status=RequestStatus.CLOSED):
            self.assertTrue(sr.submitted_at <= sr.accepted_at <= sr.delivered_at <= sr.closed_at <= timezone.now())
        self.assertTrue(User.objects.get(username="zhang.wei").skills)
        self.assertIn("医院信息化", User.objects.get(username="chen.jing").skills)

    def test_surveys_are_filled_by_the_engineer_and_requirements_by_sales(self):
        self.assertGreaterEqual(SiteSurvey.objects.count(), 5)
        self.assertGreaterEqual(RequirementsForm.objects.count(), 3)
        for survey in SiteSurvey.objects.select_related("request"):
            self.assertTrue(survey.request.survey_needed)
            self.assertEqual(survey.filled_by_id, survey.request.assignee_id)
            self.assertTrue(survey.needs_found and survey.current_situation and survey.building_facts)
        texts = " ".join(SiteSurvey.objects.values_list("current_situation", flat=True))
        self.assertIn("医院信息化程度", texts)
        self.assertIn("蓄电池", " ".join(SiteSurvey.objects.values_list("equipment_facts", flat=True)))
        for form in RequirementsForm.objects.select_related("request"):
            self.assertFalse(form.request.survey_needed)
            self.assertEqual(form.filled_by_id, form.request.requested_by_id)

    # -- solutions ---------------------------------------------------------------------------
    def test_solutions_have_versions_reviews_and_signoff_rounds(self):
        multi = Solution.objects.annotate(n=Count("versions")).filter(n__gte=2)
        self.assertTrue(multi.exists())
        for version in SolutionVersion.objects.filter(number__gt=1):
            self.assertTrue(version.change_reason)
        self.assertGreaterEqual(Review.objects.count(), 10)
        for review in Review.objects.select_related("chair"):
            self.assertEqual(review.chair.username, "zhou.min")
            self.assertTrue(all(rating for _label, rating, _comment in review.points()))
        version_type = ContentType.objects.get_for_model(SolutionVersion)
        rounds = Approval.objects.filter(target_type=version_type)
        self.assertTrue(rounds.filter(status=ApprovalStatus.REJECTED).exists())
        self.assertTrue(rounds.filter(status=ApprovalStatus.APPROVED).exists())
        for approval in rounds:  # submitted by a designer who does not sign
            self.assertNotIn(approval.submitted_by.username, {"zhou.min", "wu.gang", "zheng.hong"})
        for version in SolutionVersion.objects.filter(status=VersionStatus.RETURNED):
            self.assertTrue(version.return_reasons)
        self.assertTrue(QASession.objects.filter(items__isnull=False).exists())
        statuses = set(SolutionVersion.objects.values_list("status", flat=True))
        self.assertTrue({VersionStatus.DRAFT, VersionStatus.IN_REVIEW, VersionStatus.SIGNING} <= statuses)

    def test_signers_have_solutions_waiting_in_my_approvals(self):
        version_type = ContentType.objects.get_for_model(SolutionVersion)
        for username in ("zhou.min", "wu.gang", "zheng.hong"):
            with self.subTest(signer=username):
                waiting = ApprovalAssignment.objects.filter(
                    approver__username=username,
                    outcome="",
                    step__status="pending",
                    step__approval__status=ApprovalStatus.PENDING,
                    step__approval__target_type=version_type,
                )
                self.assertTrue(waiting.exists())
        # some signers of a round in progress have approved already
        self.assertTrue(
            ApprovalAssignment.objects.filter(
                step__approval__target_type=version_type,
                step__approval__status=ApprovalStatus.PENDING,
                outcome="approve",
            ).exists()
        )

    def test_every_opportunity_past_consulting_has_an_approved_solution_version(self):
        past = Opportunity.objects.filter(current_stage__order__gt=Stage.objects.get(code="consulting").order)
        self.assertTrue(past.exists())
        for opportunity in past:
            with self.subTest(opportunity=opportunity.code):
                self.assertTrue(
                    SolutionVersion.objects.filter(
                        solution__opportunity=opportunity,
                        status__in=[VersionStatus.APPROVED, VersionStatus.SUPERSEDED],
                    ).exists()
                )
                solution_deliverable = Deliverable.objects.get(
                    opportunity=opportunity, deliverable_type__fulfilled_by="solution"
                )
                self.assertIn("/solutions/", solution_deliverable.source_url)

    def test_won_opportunities_have_an_approved_acceptance_report_and_implementation_a_handover(self):
        won = Opportunity.objects.filter(status=OpportunityStatus.WON)
        self.assertTrue(won.exists())
        for opportunity in won:
            with self.subTest(opportunity=opportunity.code):
                report = AcceptanceReport.objects.get(handover__opportunity=opportunity)
                self.assertEqual(report.status, AcceptanceStatus.APPROVED)
                self.assertTrue(report.file and report.accepted_on)
        in_progress = Handover.objects.filter(opportunity__status=OpportunityStatus.ACTIVE)
        self.assertTrue(in_progress.exists())
        self.assertTrue(in_progress.filter(checklist__handed_over=False).exists())
        self.assertTrue(in_progress.filter(checklist__handed_over=True).exists())
        self.assertTrue(in_progress.filter(visits__isnull=False).exists())
        self.assertTrue(in_progress.exclude(construction_plan="").exists())
        self.assertTrue(AcceptanceReport.objects.filter(status=AcceptanceStatus.SUBMITTED).exists())

    def test_no_active_opportunity_is_past_a_stage_whose_gate_is_unmet(self):
        """Every stage an active opportunity left is behind it with its gate met (checked per
        move in test_every_forward_move_passed_the_gate); here: the current stage of those
        waiting in 实施 for their acceptance report is still blocked by it."""
        for opportunity in Opportunity.objects.active().filter(current_stage__code="implementation"):
            report = AcceptanceReport.objects.filter(handover__opportunity=opportunity).first()
            if report is None or report.status != AcceptanceStatus.APPROVED:
                self.assertTrue(gate_missing(opportunity))

    # -- catalog, quotes, price review and contracts (issue 4) -----------------------------
    def test_catalog_has_the_product_tree_parameters_and_components_with_price_histories(self):
        root = ProductCategory.objects.get(name="电力市场产品", parent=None)
        self.assertEqual(
            set(root.children.values_list("name", flat=True)) >= {"一体化电源系统", "直流操作电源系统", "通信电源系统"},
            True,
        )
        self.assertGreaterEqual(Product.objects.count(), 40)
        self.assertFalse(Product.objects.filter(standard_cost__isnull=True).exists())
        self.assertFalse(Product.objects.filter(channel_price__isnull=True).exists())
        self.assertTrue(Product.objects.filter(category__parent__name="系统集成产品").count() >= 10)
        self.assertEqual(Product.objects.get(model_code="ZHR22010").params["current"], "10")
        self.assertGreaterEqual(ParameterDefinition.objects.count(), 15)
        categories = ComponentCategory.objects.all()
        self.assertEqual(
            set(categories.values_list("name", flat=True)),
            {"UPS/逆变器", "蓄电池", "变送器", "仪表", "交流断路器", "直流断路器"},
        )
        self.assertFalse(categories.filter(default_brand__isnull=True).exists())
        self.assertEqual(categories.get(name="变送器").default_brand.name, "杭州盈图")
        per_component = Counter(ComponentPrice.objects.values_list("component_id", flat=True))
        self.assertEqual(set(per_component), set(Component.objects.values_list("pk", flat=True)))
        self.assertTrue(all(2 <= n <= 4 for n in per_component.values()))
        self.assertGreaterEqual(max(per_component.values()), 4)
        self.assertTrue(Component.objects.filter(supplier__isnull=False).count() == Component.objects.count())

    def test_ac_breaker_prices_reproduce_the_seed_brand_comparison(self):
        comparison = brand_comparison(priced_components(ComponentCategory.objects.get(name="交流断路器")))
        self.assertAlmostEqual(float(comparison.percents[("西门子", "ABB")]), 3, delta=1)
        self.assertAlmostEqual(float(comparison.percents[("ABB", "施耐德")]), 19, delta=1)
        self.assertEqual([b.name for b in comparison.brands[:3]], ["西门子", "ABB", "施耐德"])

    def test_configurator_rules_parse_codes_and_configure_systems(self):
        rule, values = configurator.parse_any("IMPS48/150")
        self.assertEqual(rule.category.name, "通信电源系统")
        self.assertEqual(values, {"voltage": "48", "current": "150"})
        rule, values = configurator.parse_any("ZHDCS220/100-300")
        self.assertEqual(values["battery_ah"], "300")
        with self.assertRaises(configurator.CodeError):
            configurator.parse_any("IMPS36/150")
        self.assertEqual(ModelCodeRule.objects.count(), 4)
        imps = SystemRule.objects.get(name__startswith="IMPS48")
        configuration = configurator.configure(imps, {"voltage": "48", "current": "150"})
        self.assertEqual((configuration.working_modules, configuration.redundant_modules), (5, 1))
        codes = [line.model_code for line in configuration.lines]
        self.assertIn("ZHM08", codes)
        self.assertIn("IMPS48-JG", codes)

    def test_quotes_have_versions_with_reasons_catalog_and_configured_lines(self):
        past_contact = Opportunity.objects.exclude(current_stage__code="contact")
        with_quote = set(Quote.objects.values_list("opportunity_id", flat=True))
        self.assertEqual(set(past_contact.values_list("pk", flat=True)), with_quote)
        self.assertFalse(Quote.objects.filter(opportunity__current_stage__code="contact").exists())
        multi = Quote.objects.annotate(n=Count("versions")).filter(n__gte=2)
        self.assertGreaterEqual(multi.count(), 10)
        self.assertFalse(QuoteVersion.objects.filter(number__gt=1, note="").exists())
        self.assertTrue(QuoteLine.objects.filter(product__isnull=True, name="安装调试").exists())
        self.assertTrue(QuoteLine.objects.filter(product__isnull=True, name="培训").exists())
        self.assertTrue(QuoteLine.objects.filter(section__name="IMPS48/150").exists())
        self.assertTrue(QuoteLine.objects.filter(discount_percent__gt=0).exists())
        self.assertFalse(QuoteVersion.objects.filter(line_count=0).exists())

    def routes(self, code: str) -> Counter:
        found = Counter()
        for approval in Approval.objects.filter(template__code=code).prefetch_related("steps__assignments__approver"):
            people = frozenset(a.approver.username for s in approval.steps.all() for a in s.assignments.all())
            found[(approval.status, people)] += 1
        return found

    def test_price_reviews_route_by_margin_to_each_approver_set(self):
        manager, head, gm = "zhou.min", "wu.gang", "qian.jun"
        routes = self.routes("price_review_bid")
        approved = {people for (status, people) in routes if status == ApprovalStatus.APPROVED}
        self.assertEqual(approved, {frozenset({manager}), frozenset({manager, head}), frozenset({manager, head, gm})})
        self.assertTrue(any(status == ApprovalStatus.REJECTED for status, _p in routes))
        for version in QuoteVersion.objects.filter(status=QuoteStatus.APPROVED):
            margin = version.margin_percent
            approval = Approval.objects.for_target(version).get(status=ApprovalStatus.APPROVED)
            people = {a.approver.username for s in approval.steps.all() for a in s.assignments.all()}
            self.assertEqual(head in people, margin < 25, version)
            self.assertEqual(gm in people, margin < 15, version)
        self.assertTrue(QuoteVersion.objects.filter(status=QuoteStatus.APPROVED, purpose=Purpose.CONTRACT).exists())

    def test_every_opportunity_past_bidding_with_tender_has_a_bid_price_from_a_real_quote(self):
        past = Opportunity.objects.filter(has_tender=True, current_stage__code="implementation")
        self.assertTrue(past.exists())
        for opportunity in past:
            deliverable = Deliverable.objects.get(
                opportunity=opportunity,
                deliverable_type__fulfilled_by="price_review",
                status=DeliverableStatus.APPROVED,
            )
            self.assertTrue(deliverable.source_url.startswith("/quotes/"), deliverable.source_url)
            self.assertTrue(
                QuoteVersion.objects.filter(
                    quote__opportunity=opportunity, purpose=Purpose.BID, approved_at__isnull=False
                ).exists()
            )

    def test_contracts_are_reviewed_and_signed_for_implementation_and_won(self):
        won = Opportunity.objects.filter(status=OpportunityStatus.WON)
        for opportunity in won:
            contract = Contract.objects.get(opportunity=opportunity)
            self.assertEqual(contract.status, ContractStatus.SIGNED)
            self.assertEqual(contract.kind, ContractKind.PURCHASE if opportunity.has_tender else ContractKind.SALES)
            self.assertTrue(contract.files.filter(kind="signed").exists())
            self.assertLessEqual(contract.signed_on, timezone.localdate())
            self.assertEqual(contract.party_b, OUR_COMPANY)
            self.assertEqual(contract.quote_version.quote.opportunity_id, opportunity.pk)
            deliverable = Deliverable.objects.get(opportunity=opportunity, deliverable_type__fulfilled_by="contract")
            self.assertEqual(deliverable.status, DeliverableStatus.APPROVED)
            self.assertTrue(deliverable.file)
            self.assertTrue(contract.actual_costs.exists())
        active = Opportunity.objects.active().filter(current_stage__code="implementation")
        self.assertEqual(
            set(Contract.objects.filter(opportunity__in=active).values_list("opportunity_id", flat=True)),
            set(active.values_list("pk", flat=True)),
        )
        routes = self.routes("contract_review")
        self.assertTrue(any(status == ApprovalStatus.REJECTED for status, _p in routes))
        self.assertTrue(Contract.objects.filter(status=ContractStatus.IN_REVIEW).exists())

    def test_signed_contracts_history_agrees_with_signed_on(self):
        signed = Contract.objects.filter(signed_on__isnull=False)
        self.assertTrue(signed.exists())
        for contract in signed:
            event = Event.objects.get(kind=contract_events.SIGNED, subject_id=contract.pk)
            self.assertEqual(timezone.localtime(event.at).date(), contract.signed_on)
            self.assertEqual(event.data["signed_on"], str(contract.signed_on))
            rows = contract.history.filter(signed_on__isnull=False)
            self.assertTrue(rows.exists())
            self.assertEqual({row.signed_on for row in rows}, {contract.signed_on})

    def test_final_profit_lands_above_and_below_the_planned_margin(self):
        above = below = 0
        for contract in Contract.objects.filter(actual_costs__isnull=False).distinct():
            actual = sum(c.amount for c in contract.actual_costs.all())
            planned = contract.quote_version.total_cost
            above += actual < planned
            below += actual > planned
        self.assertGreater(above, 0)
        self.assertGreater(below, 0)

    def test_pending_reviews_wait_for_the_general_manager_and_the_contract_reviewers(self):
        def waiting(username: str, code_prefix: str) -> int:
            return ApprovalAssignment.objects.filter(
                approver__username=username,
                outcome="",
                step__status="pending",
                step__approval__status=ApprovalStatus.PENDING,
                step__approval__template__code__startswith=code_prefix,
            ).count()

        for username in ("zhou.min", "wu.gang", "qian.jun"):
            self.assertGreater(waiting(username, "price_review"), 0, username)
        for username in ("he.jun", "feng.xue"):
            self.assertGreater(waiting(username, "contract_review"), 0, username)

    def test_commercial_rows_are_back_dated(self):
        now = timezone.now()
        self.assertFalse(QuoteVersion.objects.filter(created_at__gt=now).exists())
        self.assertLess(Product.objects.order_by("created_at").first().created_at, now - timedelta(days=200))
        self.assertLess(Contract.objects.order_by("created_at").first().created_at, now - timedelta(days=5))

    def test_every_event_renders_from_its_data_in_both_languages(self):
        """What the services record gives each sentence every value it names (presales.events)."""
        seen = Counter()
        for event in Event.objects.all():
            kind = registry.get(event.kind)
            self.assertIsNotNone(kind, event.kind)
            seen[event.kind] += 1
            for language in ("zh-hans", "en"):
                with translation.override(language), self.subTest(kind=event.kind, language=language):
                    text = event_selectors.sentence(kind, event.data, strict=True)
                    self.assertNotIn("None", text)
        self.assertGreater(len(seen), 40)  # the demo walks through most of the kinds
        self.assertFalse(Event.objects.filter(kind__endswith=".legacy").exists())

    # -- idempotency and log-ins -------------------------------------------------------
    def test_only_recent_notifications_are_unread(self):
        """Demo people read their notifications as they went: a handful is new, not hundreds."""
        unread = Notification.objects.filter(read_at__isnull=True)
        self.assertTrue(unread.exists())
        self.assertFalse(unread.filter(created_at__lt=timezone.now() - timedelta(days=3)).exists())
        self.assertGreater(Notification.objects.filter(read_at__isnull=False).count(), unread.count())

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

    # -- the library's cases and competitors (presales/demo/steps/knowledge_cases.py) -----------
    def test_library_holds_cases_competitor_profiles_and_published_deliverables(self):
        from presales.knowledge.models import Document, DocumentStatus
        from presales.knowledge.models_reuse import Competitor, DocumentLink, SuccessCase
        from presales.opportunities.models import OpportunityStatus

        won = Opportunity.objects.filter(status=OpportunityStatus.WON).count()
        self.assertEqual(SuccessCase.objects.count(), won)
        self.assertTrue(SuccessCase.objects.filter(may_cite=True).exists())
        named = {
            name
            for row in Opportunity.objects.values_list("competitors", flat=True)
            for name in row.split("、")
            if name
        }
        self.assertTrue(named <= set(Competitor.objects.values_list("name", flat=True)))
        rival = Competitor.objects.get(name="许继电源")
        self.assertTrue(rival.strengths and rival.documents.exists())
        published = DocumentLink.objects.filter(source_deliverable__isnull=False)
        self.assertTrue(published.exists())
        for link in published.select_related("document"):
            self.assertEqual(link.document.status, DocumentStatus.PUBLISHED)
            self.assertTrue(link.document.success_cases.exists())
        self.assertTrue(Document.objects.filter(current_version__extracted_text__gt="").exists())
        attached = DocumentLink.objects.filter(opportunity__isnull=False, source_deliverable__isnull=True)
        self.assertEqual(attached.count(), 6)  # two technical documents on three open opportunities
