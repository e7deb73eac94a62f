"""Log in (by email), log out, change and reset password: Django's own views, with our
form and templates."""

from django.contrib import messages
from django.contrib.auth import views as auth_views

from platforms.forms import EmailAuthenticationForm


class LoginView(auth_views.LoginView):
    form_class = EmailAuthenticationForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        # The session is gone by now; the message travels in the messages cookie.
        messages.info(request, "You are logged out.")
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    def form_valid(self, form):
        messages.success(self.request, "Your password is changed.")
        return super().form_valid(form)


PasswordChangeDoneView = auth_views.PasswordChangeDoneView
PasswordResetView = auth_views.PasswordResetView
PasswordResetDoneView = auth_views.PasswordResetDoneView
PasswordResetConfirmView = auth_views.PasswordResetConfirmView
PasswordResetCompleteView = auth_views.PasswordResetCompleteView
