import datetime as dt

import factory
from django.utils import timezone

from center.models import BudgetLine, FiscalYear
from programs.models import (
    Application,
    Call,
    Criterion,
    DocumentType,
    Grant,
    GrantItem,
    Program,
)

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


class FiscalYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FiscalYear
        django_get_or_create = ("year",)

    year = factory.LazyFunction(lambda: timezone.localdate().year)


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    fiscal_year = factory.SubFactory(FiscalYearFactory)
    name = factory.Sequence(lambda n: f"예산 세목 {n}")
    planned = 100_000_000


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program
        django_get_or_create = ("code",)

    code = "startup"
    name = "초기성장지원"


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Call
        skip_postgeneration_save = True

    program = factory.SubFactory(ProgramFactory)
    fiscal_year = factory.SubFactory(FiscalYearFactory)
    title = factory.Sequence(lambda n: f"창업팀 공개모집 {n}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=3))
    closes_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=3))
    eligibility = "서울시에 설립을 희망하는 예비 협동조합 창업팀"
    max_amount = 3_000_000
    published = True

    @factory.post_generation
    def criteria(self, create, extracted, **kwargs):
        if not create:
            return
        for i, (name, weight) in enumerate(extracted or [("사업 계획", 60), ("팀 역량", 40)]):
            Criterion.objects.create(call=self, order=i, name=name, weight=weight)

    @factory.post_generation
    def documents(self, create, extracted, **kwargs):
        if not create:
            return
        for i, (name, required) in enumerate(
            extracted if extracted is not None else [("사업계획서", True), ("정관(안)", False)]
        ):
            DocumentType.objects.create(call=self, order=i, name=name, required=required)


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    call = factory.SubFactory(CallFactory)
    organisation = factory.Sequence(lambda n: f"창업팀 {n}")
    kind = "pre"
    representative = "홍길동"
    phone = "010-1234-5678"
    email = factory.Sequence(lambda n: f"team{n}@example.com")
    project_name = "홈페이지 제작"
    plan = "지역 돌봄 서비스를 위한 홈페이지와 홍보영상을 만듭니다."
    requested_amount = 2_000_000
    submitted_at = factory.LazyFunction(timezone.now)


class GrantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Grant
        skip_postgeneration_save = True

    application = factory.SubFactory(ApplicationFactory, status=Application.SELECTED)
    amount = 2_000_000
    budget_line = factory.LazyAttribute(
        lambda o: BudgetLineFactory(fiscal_year=o.application.call.fiscal_year)
    )

    @factory.post_generation
    def items(self, create, extracted, **kwargs):
        if not create:
            return
        for name in extracted or ["홈페이지 제작", "홍보영상 제작"]:
            GrantItem.objects.create(grant=self, name=name)
