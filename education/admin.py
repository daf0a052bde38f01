from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Course, CourseType, Instructor, OutreachRequest, Registration, Session

admin.site.register(CourseType)
admin.site.register(Course)
admin.site.register(Instructor)
admin.site.register(Session, SimpleHistoryAdmin)
admin.site.register(Registration, SimpleHistoryAdmin)
admin.site.register(OutreachRequest, SimpleHistoryAdmin)
