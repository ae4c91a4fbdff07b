"""Signing in and out, changing and resetting passwords: Django's views with CCHC Hub's templates and rules."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from cchc.core.audit import history_for
from cchc.core.ratelimit import client_ip, hit


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("core:home")

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        response = super().form_valid(form)
        user = form.user
        if user.must_change_password:
            user.must_change_password = False
            user.save(update_fields=["must_change_password"])
        messages.success(self.request, _("Your password has been changed."))
        return response


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "emails/password_reset.txt"
    html_email_template_name = "emails/password_reset.html"
    subject_template_name = "emails/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        """At most ``CCHC_PASSWORD_RESET_PER_IP`` requests an hour from one address and
        ``CCHC_PASSWORD_RESET_PER_ACCOUNT`` for one e-mail address (counted on the address typed, whether an
        account has it or not: the refusal reveals nothing). What is refused sends nothing."""
        email = (form.cleaned_data.get("email") or "").strip().lower()
        per_ip = getattr(settings, "CCHC_PASSWORD_RESET_PER_IP", 5)
        per_account = getattr(settings, "CCHC_PASSWORD_RESET_PER_ACCOUNT", 3)
        address_ok = hit(f"password-reset:ip:{client_ip(self.request)}", limit=per_ip, window=3600)
        account_ok = hit(f"password-reset:email:{email}", limit=per_account, window=3600)
        if not (address_ok and account_ok):
            form.add_error(None, _("Too many password reset requests: please wait an hour before asking again, or "
                                   "ask the Department of Home Affairs to reset your password."))
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        form.user.must_change_password = False
        return super().form_valid(form)


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """The signed-in user's own account: role, units, and the record of changes to it."""
    return render(request, "accounts/profile.html", {
        "account": request.user,
        "units": request.user.units.all(),
        "history": history_for(request.user, limit=50),
    })
