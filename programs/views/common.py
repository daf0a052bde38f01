"""What every programs page shares: the kernel's year scoping (every programs
form takes the fiscal year), its form page and its service-error adapter."""

from core.views import FORM_TEMPLATE, ServiceFormMixin, add_service_error
from core.views import YearMixin as CoreYearMixin


class YearMixin(CoreYearMixin):
    year_form_kwarg = True


# The kernel's form page: title, 취소 link, saving through `save(form)` with a
# service's ValidationError on the form, and the success message.
FormPageMixin = ServiceFormMixin

__all__ = ["FORM_TEMPLATE", "FormPageMixin", "YearMixin", "add_service_error"]
