"""The kernel's pages: sign-in and the second factor, the privacy policy,
the change history of any record and the access-log review.

`account_patterns` keep their un-namespaced names (`login`, `logout`, …),
which Django's auth settings and templates use; the staff pages are under
the `core` namespace."""

from django.contrib.auth import views as auth_views
from django.urls import path

from . import accounts_views, job_views, outbox_views, security_views
from .account_views import PasswordChangeView
from .forms_auth import LoginForm
from .privacy_policy_views import privacy_policy, privacy_policy_edit, privacy_policy_version
from .routing import records

LoginView = auth_views.LoginView.as_view(
    authentication_form=LoginForm, redirect_authenticated_user=True
)
LoginView.is_public = True
LogoutView = auth_views.LogoutView.as_view()
LogoutView.is_public = True

account_patterns = [
    path("privacy/", privacy_policy, name="privacy_policy"),
    path("privacy/<int:pk>/", privacy_policy_version, name="privacy_policy_version"),
    path("accounts/login/", LoginView, name="login"),
    path("accounts/logout/", LogoutView, name="logout"),
    path("accounts/password/", PasswordChangeView.as_view(), name="password_change"),
    path("accounts/otp/setup/", security_views.otp_setup, name="otp_setup"),
    path("accounts/otp/verify/", security_views.otp_verify, name="otp_verify"),
    path("accounts/otp/remove/", security_views.otp_remove, name="otp_remove"),
    path("accounts/otp/backup-codes/", accounts_views.backup_codes, name="otp_backup_codes"),
    path(
        "accounts/invite/<str:uidb64>/<str:token>/",
        accounts_views.InviteAcceptView.as_view(),
        name="invite_accept",
    ),
]

app_name = "core"
urlpatterns = [
    path("exports/<slug:name>/", job_views.export_start, name="export_start"),
    path("imports/<slug:name>/", job_views.import_page, name="import"),
    *records(
        "jobs",
        "job",
        detail=job_views.job_detail,
        actions={
            "download": job_views.job_download,
            "import": job_views.job_import,
            "restart": job_views.job_restart,
            "cancel": job_views.job_cancel,
        },
    ),
    path(
        "center/changes/<str:model>/<id:pk>/",
        security_views.record_history,
        name="record_history",
    ),
    path("center/access-log/", security_views.access_log, name="access_log"),
    *records(
        "center/users",
        "user",
        list=accounts_views.UserListView,
        add=accounts_views.InviteView,
        edit=accounts_views.AccountEditView,
        actions={
            "otp-reset": accounts_views.reset_second_factor,
            "invitation": accounts_views.resend_invitation,
        },
    ),
    *records(
        "center/closures",
        "closure",
        list=accounts_views.ClosureListView,
        add=accounts_views.ClosureCreateView,
        delete=accounts_views.ClosureDeleteView,
    ),
    *records(
        "center/outbox",
        "outbox",
        plural="outbox",
        list=outbox_views.OutboxView,
        actions={"resend": outbox_views.outbox_resend},
    ),
    path("center/privacy-policy/add/", privacy_policy_edit, name="privacy_policy_edit"),
]
