"""The inbox and the preferences page. Everyone signed in has an inbox, with or without an employee profile."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from talentloop.accounts.forms import add_domain_errors
from talentloop.accounts.views import domain_error_response
from talentloop.errors import DomainError, NotFound
from talentloop.notifications import services
from talentloop.notifications.api import is_internal_path
from talentloop.notifications.forms import PreferencesForm
from talentloop.notifications.models import Notification

PAGE_SIZE = 20


@login_required
def inbox(request):
    """Unread first, then the rest, newest first within each; twenty a page."""
    notifications = (
        Notification.objects.filter(recipient=request.user)
        .select_related("actor")
        .annotate(read=Case(When(read_at__isnull=True, then=Value(0)), default=Value(1), output_field=IntegerField()))
        .order_by("read", "-created_at", "-id")
    )
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page})


@login_required
def open_notification(request, public_id):
    """Following a notification marks it read and goes where it points. A plain link (GET) on purpose: it works
    with a middle click and without JavaScript, and marking one's own notification read is harmless to repeat."""
    try:
        notification = services.mark_read(request.user, public_id)
    except NotFound as exc:
        return domain_error_response(request, exc)
    target = notification.url
    # Checked when written too (api.notify); checked again so the inbox can never send anyone off the site.
    if not target or not is_internal_path(target) or not url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        target = reverse("notifications:inbox")
    return redirect(target)


@login_required
@require_POST
def mark_all_read(request):
    count = services.mark_all_read(request.user)
    messages.success(request, f"Marked {count} notification{'s' if count != 1 else ''} read." if count else "Nothing was unread.")
    return redirect("notifications:inbox")


@login_required
def preferences(request):
    pref = services.preferences_of(request.user)
    status = 200
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            try:
                services.update_preferences(request.user, form.cleaned_data)
            except DomainError as exc:
                add_domain_errors(form, exc)
                status = exc.status_code
            else:
                messages.success(request, "Notification preferences saved.")
                return redirect("notifications:preferences")
        else:
            status = 400
    else:
        form = PreferencesForm(initial={name: getattr(pref, name) for name in services.PREFERENCE_FIELDS})
    context = {
        "form": form, "last_digest_at": pref.last_digest_at, "digest_hour": settings.TALENTLOOP_DIGEST_HOUR,
        "kinds_by_category": PreferencesForm.kinds_by_category(),
    }
    return render(request, "notifications/preferences.html", context, status=status)
