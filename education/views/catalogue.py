from django.db.models import Count
from django.shortcuts import get_object_or_404, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.views.generic import ListView

from core.permissions import (
    ManagerRequiredMixin,
    StaffRequiredMixin,
    staff_required,
)
from core.views import (
    ObjectCreateView,
    ObjectEditView,
    ObjectListView,
)

from .. import selectors
from ..forms import (
    CourseForm,
    CourseTypeForm,
    InstructorForm,
)
from ..models import (
    Course,
    CourseType,
    Instructor,
)

# --- staff: courses, instructors, types --------------------------------------------------


class CourseListView(StaffRequiredMixin, ObjectListView):
    selector = staticmethod(selectors.course_list)
    template_name = "education/course_list.html"
    context_object_name = "courses"
    paginate_by = 50


class CourseFormMixin(StaffRequiredMixin):
    model = Course
    form_class = CourseForm
    success_message = "교육 과정을 저장했습니다."

    def get_success_url(self):
        return reverse("education:course", args=[self.object.pk])

    def get_back_url(self):
        return self.get_success_url() if self.object else ""


class CourseCreateView(CourseFormMixin, ObjectCreateView):
    title = "교육 과정 등록"

    def get_initial(self):
        return {"year": timezone.localdate().year}


class CourseUpdateView(CourseFormMixin, ObjectEditView):
    title = "교육 과정 수정"


@staff_required
def course_detail(request, pk):
    course = get_object_or_404(Course.objects.select_related("type"), pk=pk)
    sessions = list(selectors.with_counts(course.sessions.all()).order_by("starts_at", "pk"))
    scores = selectors.satisfaction_by_session([s.pk for s in sessions])
    for s in sessions:
        s.satisfaction, s.responses = scores.get(s.pk, (None, 0))
    completion = selectors.completion_of(course) if course.is_program else []
    completed = sum(1 for _, _, ok in completion if ok)
    return render(
        request,
        "education/course_detail.html",
        {
            "course": course,
            "sessions": sessions,
            "completion": completion,
            "completed": completed,
            "completion_rate": selectors.completion_rate(completed, len(completion)),
        },
    )


class InstructorListView(StaffRequiredMixin, ObjectListView):
    selector = staticmethod(selectors.instructor_list)
    template_name = "education/instructor_list.html"
    context_object_name = "instructors"
    paginate_by = 50


class InstructorFormMixin(StaffRequiredMixin):
    model = Instructor
    form_class = InstructorForm
    success_message = "강사 정보를 저장했습니다."

    success_url = reverse_lazy("education:instructors")


class InstructorCreateView(InstructorFormMixin, ObjectCreateView):
    title = "강사 등록"


class InstructorUpdateView(InstructorFormMixin, ObjectEditView):
    title = "강사 정보 수정"


class CourseTypeListView(ManagerRequiredMixin, ListView):
    template_name = "education/type_list.html"
    context_object_name = "types"

    def get_queryset(self):
        return CourseType.objects.select_related("parent").annotate(n_courses=Count("courses"))


class CourseTypeFormMixin(ManagerRequiredMixin):
    model = CourseType
    form_class = CourseTypeForm
    success_message = "교육 유형을 저장했습니다."

    success_url = reverse_lazy("education:types")


class CourseTypeCreateView(CourseTypeFormMixin, ObjectCreateView):
    title = "교육 유형 추가"


class CourseTypeUpdateView(CourseTypeFormMixin, ObjectEditView):
    title = "교육 유형 수정"
