from django.shortcuts import get_object_or_404, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone

from core.permissions import ManagerRequiredMixin, StaffRequiredMixin, staff_required
from core.views import ObjectEditView, ObjectListView

from .. import selectors
from ..forms import CourseForm, CourseTypeForm, InstructorForm
from ..models import Course, CourseType, Instructor
from ..tables import CourseTable, CourseTypeTable, InstructorTable

# --- staff: courses, instructors, types --------------------------------------------------


class CourseListView(StaffRequiredMixin, ObjectListView):
    selector = staticmethod(selectors.course_list)
    table_class = CourseTable


class CourseEditView(StaffRequiredMixin, ObjectEditView):
    model, form_class, noun, verbs = Course, CourseForm, "교육 과정", ("등록", "수정")
    success_message = "교육 과정을 저장했습니다."

    def get_initial(self):
        return {"year": timezone.localdate().year} if self.object is None else {}

    def get_success_url(self):
        return reverse("education:course", args=[self.object.pk])

    def get_back_url(self):
        return self.get_success_url() if self.object else ""


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
    table_class = InstructorTable


class InstructorEditView(StaffRequiredMixin, ObjectEditView):
    model, form_class = Instructor, InstructorForm
    titles = ("강사 등록", "강사 정보 수정")
    success_message = "강사 정보를 저장했습니다."
    success_url = reverse_lazy("education:instructors")


class CourseTypeListView(ManagerRequiredMixin, ObjectListView):
    selector = staticmethod(selectors.type_list)
    table_class = CourseTypeTable


class CourseTypeEditView(ManagerRequiredMixin, ObjectEditView):
    model, form_class, noun = CourseType, CourseTypeForm, "교육 유형"
    success_message = "교육 유형을 저장했습니다."
    success_url = reverse_lazy("education:types")
