from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rest_framework.authtoken.models import Token

from gendan.accounts.http import AuthedHttpRequest
from gendan.audit.services import security_event_record

from .forms import LoginForm, ProfileForm
from .models import Team, User
from .services import api_token_regenerate, user_set_language


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["demo_logins"] = settings.DEBUG or getattr(settings, "SHOW_DEMO_LOGINS", False)
        return context


@require_POST
def switch_language(request: AuthedHttpRequest) -> HttpResponse:
    """Switch the interface language, and remember it for the signed-in user."""
    language = request.POST.get("language", "")
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    response = HttpResponseRedirect(target)
    if language in dict(settings.LANGUAGES):
        translation.activate(language)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 3600, samesite="Lax"
        )
        user_set_language(user=request.user, language=language)
    return response


@login_required
def settings_page(request: AuthedHttpRequest) -> HttpResponse:
    user: User = request.user
    if request.method == "POST" and "save_profile" in request.POST:
        form = ProfileForm(request.POST, instance=user)
        if form.is_valid():
            form.save()
            messages.success(request, _("Your profile is saved."))
            response = redirect("accounts:settings")
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                user.language,
                max_age=365 * 24 * 3600,
                samesite="Lax",
            )
            return response
    else:
        form = ProfileForm(instance=user)
    token = Token.objects.filter(user=user).first()
    teams = user.teams.all()
    context = {"form": form, "token": token, "teams": teams}
    if user.is_admin:
        context["all_teams"] = Team.objects.prefetch_related("members")
    return render(request, "accounts/settings.html", context)


@login_required
@require_POST
def token_regenerate(request: AuthedHttpRequest) -> HttpResponse:
    api_token_regenerate(user=request.user)
    messages.success(request, _("A new API token was made; the old one no longer works."))
    return redirect("accounts:settings")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The 403 page (``handler403``); every refusal goes to the security log first."""
    security_event_record(
        kind="permission_denied",
        request=request,
        user=getattr(request, "user", None),
        detail=str(exception or "")[:500],
    )
    return render(request, "403.html", {"reason": str(exception or "")}, status=403)
