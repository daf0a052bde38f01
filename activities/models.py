"""The center's events, publications, committees, funding campaigns and
awareness surveys: work the 2021 report narrates across its chapters
(맞춤형 상담데이, 학습넷 사례공유회·학습회, the 조직변경 사례집 with its 공유회
and 자문회의, the 홍보 자문위원회, ICA 참여 독려 펀딩, 인지도 설문조사,
유튜브 라이브).

Every record belongs to a fiscal year (`fiscal_year`) and its dates lie in
it (`center.fiscal.FiscalDatesModel`). Committee members are the only
personal data (`CommitteeMember.PERSONAL_FIELDS`): lists mask them and the
retention rule (apps.py) scrubs them once their term is long over.
"""

from functools import partial

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from center.fiscal import FiscalDatesModel
from center.models import FiscalYear
from core.display import format_date, mean_score
from core.fields import at_least, dates_in_order, dates_out_of_order, lines, one_per_line, unique
from core.privacy import SCRUBBED, mask_name
from core.rates import rate

SCORES = (5, 4, 3, 2, 1)


UNIQUE_IN_YEAR = "unique_in_year"


def _errors(exc: ValidationError) -> dict:
    return exc.update_error_dict({})


def unique_in_year(field: str, message: str, name: str) -> models.UniqueConstraint:
    """`field` is unique within its fiscal year: the one statement of the rule.
    The database enforces it; forms show `message` beside `field`
    (`FiscalRecord.validate_constraints`)."""
    return models.UniqueConstraint(
        fields=["fiscal_year", field],
        name=name,
        violation_error_code=UNIQUE_IN_YEAR,
        violation_error_message=message,
    )


class FiscalRecord(FiscalDatesModel, models.Model):
    """A record of one fiscal year whose `clean()` gathers every error: the
    fiscal-year date rule first, then the periods of `date_order` (the
    message beside the end date, `core.fields.dates_out_of_order`), then the
    model's own `checks()`."""

    fiscal_year = models.ForeignKey(FiscalYear, on_delete=models.PROTECT, verbose_name="회계연도")

    date_order: list[tuple[str, str, str]] = []

    class Meta:
        abstract = True

    def checks(self) -> dict[str, str]:
        return {}

    def clean(self):
        errors = {}
        try:
            super().clean()
        except ValidationError as exc:
            errors = _errors(exc)
        periods = dates_out_of_order(partial(getattr, self), self.date_order)
        for field, message in [*periods.items(), *self.checks().items()]:
            errors.setdefault(field, []).append(message)
        if errors:
            raise ValidationError(errors)

    def validate_constraints(self, exclude=None):
        """Django reports a two-field UniqueConstraint as a form-wide error:
        an `unique_in_year` one goes beside its field instead."""
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as exc:
            fields = {
                str(c.violation_error_message): c.fields[-1]
                for c in self._meta.constraints
                if getattr(c, "violation_error_code", None) == UNIQUE_IN_YEAR
            }
            errors = _errors(exc)
            for error in errors.pop(NON_FIELD_ERRORS, []):
                field = fields.get(error.message) if error.code == UNIQUE_IN_YEAR else None
                errors.setdefault(field or NON_FIELD_ERRORS, []).append(error)
            raise ValidationError(errors) from None


# --- publications ----------------------------------------------------------------------


class Publication(FiscalRecord):
    class Kind(models.TextChoices):
        CASEBOOK = "casebook", "사례집"
        GUIDE = "guide", "안내서"
        REPORT = "report", "보고서"
        OTHER = "other", "기타 발간물"

    kind = models.CharField("구분", max_length=20, choices=Kind.choices)
    title = models.CharField("발간물명", max_length=200)
    published_on = models.DateField("발간일")
    copies = models.PositiveIntegerField("발간 부수", validators=[MinValueValidator(1)])
    summary = models.TextField("발간 개요", blank=True)
    url = models.URLField("게시 주소", blank=True, help_text="홈페이지·SNS에 공유한 주소")
    history = HistoricalRecords()

    fiscal_date_fields = ("published_on",)

    class Meta:
        ordering = ["-published_on", "pk"]
        verbose_name = verbose_name_plural = "발간물"
        constraints = [
            unique_in_year(
                "title",
                "같은 회계연도에 같은 이름의 발간물이 있습니다.",
                name="unique_publication_per_year",
            ),
            at_least("copies", 1, name="publication_copies_positive"),
        ]

    def __str__(self):
        return self.title


# --- committees --------------------------------------------------------------------------


class Committee(FiscalRecord):
    """A committee the center forms (홍보 자문위원회 …) and appoints members to."""

    name = models.CharField("위원회명", max_length=100)
    established_on = models.DateField("구성일")
    newly_formed = models.BooleanField("신설", default=False, help_text="이 해에 새로 만든 위원회")
    purpose = models.TextField("역할", blank=True)
    history = HistoricalRecords()

    fiscal_date_fields = ("established_on",)

    class Meta:
        ordering = ["-established_on", "pk"]
        verbose_name = verbose_name_plural = "위원회"
        constraints = [
            unique_in_year(
                "name",
                "같은 회계연도에 같은 이름의 위원회가 있습니다.",
                name="unique_committee_per_year",
            )
        ]

    def __str__(self):
        return self.name


class CommitteeMember(models.Model):
    """A member appointed to a committee (위촉). Personal data: the name."""

    PERSONAL_FIELDS = ("name",)
    SCRUBBED = SCRUBBED  # what the retention rule leaves of the name (apps.py)

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="members", verbose_name="위원회"
    )
    name = models.CharField("이름", max_length=50)
    affiliation = models.CharField("소속·직위", max_length=100, blank=True)
    field = models.CharField("분야", max_length=50, blank=True)
    appointed_on = models.DateField("위촉일")
    term_ends_on = models.DateField("임기 종료일")
    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "appointed_on", "pk"]
        verbose_name = verbose_name_plural = "위원"
        constraints = [
            dates_in_order("appointed_on", "term_ends_on", name="member_term_in_order"),
        ]

    def __str__(self):
        return mask_name(self.name)  # masked wherever a member is named in passing

    def clean(self):
        errors = dates_out_of_order(
            partial(getattr, self),
            [("appointed_on", "term_ends_on", "임기 종료일은 위촉일 이후여야 합니다.")],
        )
        committee = self.committee if self.committee_id else None
        if committee and self.appointed_on and self.appointed_on < committee.established_on:
            errors["appointed_on"] = (
                f"위촉일은 위원회 구성일({format_date(committee.established_on)}) 이후여야 합니다."
            )
        if errors:
            raise ValidationError(errors)


# --- events ------------------------------------------------------------------------------


class Event(FiscalRecord):
    """An event the center holds: its date and place, who took part and the
    satisfaction forms as counts per score (5…1 points); the satisfaction is
    the mean of those answers (`core.display.mean_score`, x.x/5.0)."""

    class Kind(models.TextChoices):
        CONSULTATION_DAY = "consultation_day", "맞춤형 상담데이"
        CASE_SHARING = "case_sharing", "사례공유회"
        STUDY = "study", "학습회"
        LAUNCH = "launch", "발간 공유회"
        ADVISORY = "advisory", "자문회의"
        YOUTUBE_LIVE = "youtube_live", "유튜브 라이브"
        OTHER = "other", "기타 행사"

    kind = models.CharField("구분", max_length=20, choices=Kind.choices)
    title = models.CharField("행사명", max_length=200)
    date = models.DateField("일자", db_index=True)
    starts_at = models.TimeField("시작 시각", null=True, blank=True)
    place = models.CharField("장소", max_length=200, blank=True)
    url = models.URLField("링크", blank=True, help_text="온라인 행사·방송 주소")
    partners = one_per_line("함께한 기관", blank=True)
    publication = models.ForeignKey(
        Publication,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name="관련 발간물",
        help_text="발간 공유회·자문회의가 다룬 발간물",
    )
    committee = models.ForeignKey(
        Committee,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name="위원회",
        help_text="위원회 회의이면 그 위원회",
    )
    participants = models.PositiveIntegerField("참여 인원", null=True, blank=True)
    score_5 = models.PositiveIntegerField("만족도 5점 응답", default=0)
    score_4 = models.PositiveIntegerField("만족도 4점 응답", default=0)
    score_3 = models.PositiveIntegerField("만족도 3점 응답", default=0)
    score_2 = models.PositiveIntegerField("만족도 2점 응답", default=0)
    score_1 = models.PositiveIntegerField("만족도 1점 응답", default=0)
    description = models.TextField("내용", blank=True)
    history = HistoricalRecords()

    fiscal_date_fields = ("date",)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = verbose_name_plural = "행사"
        constraints = [
            models.CheckConstraint(
                condition=Q(participants__isnull=True)
                | Q(
                    participants__gte=F("score_5")
                    + F("score_4")
                    + F("score_3")
                    + F("score_2")
                    + F("score_1")
                ),
                name="event_respondents_within_participants",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def respondents(self) -> int:
        return sum(getattr(self, f"score_{s}") or 0 for s in SCORES)

    @property
    def score_total(self) -> int:
        return sum(s * (getattr(self, f"score_{s}") or 0) for s in SCORES)

    @property
    def satisfaction(self):
        """The mean score of the forms, x.x (None without any form)."""
        return mean_score(self.score_total, self.respondents)

    def partner_lines(self) -> list[str]:
        return lines(self.partners)

    def checks(self):
        errors = {}
        if self.participants is not None and self.respondents > self.participants:
            errors["participants"] = (
                f"만족도 응답({self.respondents}명)이 참여 인원({self.participants}명)보다 "
                "많을 수 없습니다."
            )
        publication = self.publication if self.publication_id else None
        if (
            publication
            and self.kind == self.Kind.LAUNCH
            and self.date
            and self.date < publication.published_on
        ):
            errors["date"] = (
                f"발간 공유회는 발간일({format_date(publication.published_on)}) "
                "이후에 열 수 있습니다."
            )
        return errors


# --- funding campaigns ---------------------------------------------------------------------


class FundingCampaign(FiscalRecord):
    """A crowdfunding drive the center supports on an online platform, with
    the cooperatives that take part (ICA 참여 독려 펀딩 on 오마이컴퍼니)."""

    title = models.CharField("캠페인명", max_length=200)
    platform = models.CharField("모금 플랫폼", max_length=100)
    starts_on = models.DateField("시작일")
    ends_on = models.DateField("종료일")
    url = models.URLField("주소", blank=True)
    purpose = models.TextField("내용", blank=True)
    history = HistoricalRecords()

    fiscal_date_fields = ("starts_on", "ends_on")
    date_order = [("starts_on", "ends_on", "종료일은 시작일 이후여야 합니다.")]

    class Meta:
        ordering = ["-starts_on", "pk"]
        verbose_name = verbose_name_plural = "펀딩 지원"
        constraints = [dates_in_order("starts_on", "ends_on", name="funding_period_in_order")]

    def __str__(self):
        return self.title


class FundingParticipant(models.Model):
    """A cooperative taking part in a funding campaign (one row per cooperative)."""

    campaign = models.ForeignKey(
        FundingCampaign,
        on_delete=models.CASCADE,
        related_name="participants",
        verbose_name="펀딩 지원",
    )
    # A name, as programs' 작은행사 지원 and outreach's ICA 부스 keep theirs: no
    # model of another domain app (tests/test_architecture.py). The funding page
    # links the name to the consultations app's cooperative search by URL.
    cooperative = models.CharField("협동조합명", max_length=100)
    raised = models.PositiveBigIntegerField("모금액(원)", null=True, blank=True)
    backers = models.PositiveIntegerField("후원자 수", null=True, blank=True)
    note = models.CharField("비고", max_length=200, blank=True)

    class Meta:
        ordering = ["campaign", "pk"]
        verbose_name = verbose_name_plural = "펀딩 참여 조합"
        constraints = [unique("campaign", "cooperative", name="unique_funding_participant")]

    def __str__(self):
        return self.cooperative

    def clean(self):
        # The form leaves `campaign` out (the page sets it), so Django skips the
        # UniqueConstraint there: this is the form's half of the same rule.
        self.cooperative = " ".join(self.cooperative.split())
        if (
            self.campaign_id
            and self.cooperative
            and FundingParticipant.objects.filter(
                campaign_id=self.campaign_id, cooperative=self.cooperative
            )
            .exclude(pk=self.pk)
            .exists()
        ):
            raise ValidationError({"cooperative": "이미 이 펀딩에 참여한 협동조합입니다."})


# --- awareness survey ----------------------------------------------------------------------


class AwarenessSurvey(FiscalRecord):
    """인지도 설문조사: who was asked, when, how many answered, how many knew
    the center, and what came out."""

    title = models.CharField("조사명", max_length=200)
    opens_on = models.DateField("조사 시작일")
    closes_on = models.DateField("조사 종료일")
    target = models.CharField("조사 대상", max_length=200)
    method = models.CharField("조사 방법", max_length=100, blank=True)
    respondents = models.PositiveIntegerField("응답자 수")
    aware = models.PositiveIntegerField(
        "인지 응답 수", null=True, blank=True, help_text="센터를 안다고 답한 응답자 수"
    )
    result = models.TextField("주요 결과", blank=True)
    history = HistoricalRecords()

    fiscal_date_fields = ("opens_on", "closes_on")
    date_order = [("opens_on", "closes_on", "조사 종료일은 조사 시작일 이후여야 합니다.")]

    class Meta:
        ordering = ["-opens_on", "pk"]
        verbose_name = verbose_name_plural = "인지도 설문조사"
        constraints = [
            dates_in_order("opens_on", "closes_on", name="awareness_period_in_order"),
            models.CheckConstraint(
                condition=Q(aware__isnull=True) | Q(aware__lte=F("respondents")),
                name="awareness_aware_within_respondents",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def awareness_rate(self):
        """Share of respondents who knew the center, % with one decimal."""
        return rate(self.aware, self.respondents, 1)

    def checks(self):
        errors = {}
        if self.aware is not None and self.respondents is not None:
            if self.aware > self.respondents:
                errors["aware"] = (
                    f"인지 응답 수는 응답자 수({self.respondents}명)보다 많을 수 없습니다."
                )
        return errors
