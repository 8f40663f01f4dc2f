"""Learning pages: the catalog with search, an item with the skills it teaches and the person's record (enrol,
progress, complete; an L&OD admin records results), and my learning."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from talentloop.accounts.forms import add_domain_errors
from talentloop.accounts.personas import personas
from talentloop.accounts.views import domain_error_response, error_404
from talentloop.errors import DomainError, Forbidden, InvalidInput, NotFound
from talentloop.learning import services
from talentloop.learning.forms import CatalogFilter, ImportForm, ProgressForm, ResultForm
from talentloop.learning.models import LearningItem, LearningItemSkill
from talentloop.people.models import EmployeeSkill

PAGE_SIZE = 20
TAUGHT = LearningItemSkill.objects.select_related("skill").order_by("-target_level", "skill__label")


def _item(request, public_id) -> LearningItem:
    """Anyone signed in reads active items; L&OD admins also see retired ones."""
    return services.item_by_public_id(public_id, active_only=not personas(request).is_lod_admin)


@login_required
@vary_on_headers("HX-Request")
def catalog(request):
    p = personas(request)
    queryset = LearningItem.objects.filter(is_active=True).prefetch_related(Prefetch("taught_skills", queryset=TAUGHT))
    filterset = CatalogFilter(request.GET, queryset=queryset.order_by("title", "pk"), request=request)
    valid = filterset.is_valid()
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    records = {}
    if p.employee is not None:
        records = {r.item_id: r for r in services.records_for(p, p.employee).filter(item__in=list(page))}
    for item in page:
        item.record = records.get(item.pk)
    context = {"form": filterset.form, "page": page, "valid": valid, "lod_admin": p.is_lod_admin}
    partial = request.htmx and not request.htmx.history_restore_request
    return render(request, "learning/_results.html" if partial else "learning/catalog.html", context, status=200 if valid else 400)


def _detail_context(request, item: LearningItem, **forms) -> dict:
    p = personas(request)
    taught = list(TAUGHT.filter(item=item))
    record, held = None, {}
    if p.employee is not None:
        record = services.record_of(p.employee, item)
        held = dict(
            EmployeeSkill.objects.filter(employee=p.employee, skill_id__in=[t.skill_id for t in taught]).values_list("skill_id", "proficiency")
        )
    finished = record is not None and record.status in {"completed", "passed"}
    return {
        "item": item,
        "taught": [(t, held.get(t.skill_id)) for t in taught],
        "record": record,
        "events": list(record.events.all()[:20]) if record is not None else [],
        "is_employee": p.employee is not None,
        "can_enrol": p.employee is not None and item.is_active and record is None,
        "can_progress": p.employee is not None and item.is_active and not finished and (record is None or record.status != "failed"),
        "can_complete": p.employee is not None and item.is_active and not item.is_assessing and not finished,
        "progress_form": forms.get("progress_form") or ProgressForm(initial={"percent": record.progress if record else 0}),
        "result_form": forms.get("result_form") or (ResultForm() if p.is_lod_admin else None),
    }


@login_required
def detail(request, public_id):
    try:
        item = _item(request, public_id)
    except NotFound:
        return error_404(request)
    return render(request, "learning/detail.html", _detail_context(request, item))


def _act(request, public_id, action, done: str):
    try:
        item = _item(request, public_id)
        action(item)
    except DomainError as exc:
        return domain_error_response(request, exc, back=reverse("learning:detail", args=[public_id]))
    messages.success(request, done.format(title=item.title))
    return redirect("learning:detail", public_id=item.public_id)


@login_required
@require_POST
def enrol(request, public_id):
    return _act(request, public_id, lambda item: services.enrol(personas(request), item), "You are enrolled in “{title}”.")


@login_required
@require_POST
def complete(request, public_id):
    return _act(
        request, public_id, lambda item: services.mark_completed(personas(request), item),
        "“{title}” is completed: the skills it teaches are on your profile.",
    )


@login_required
@require_POST
def progress(request, public_id):
    form = ProgressForm(request.POST)
    if form.is_valid():
        return _act(
            request, public_id, lambda item: services.update_progress(personas(request), item, form.cleaned_data["percent"]),
            "Your progress on “{title}” is saved.",
        )
    try:
        item = _item(request, public_id)
    except NotFound:
        return error_404(request)
    return render(request, "learning/detail.html", _detail_context(request, item, progress_form=form), status=400)


@login_required
@require_POST
def record_result(request, public_id):
    p = personas(request)
    try:
        item = _item(request, public_id)
    except NotFound:
        return error_404(request)
    form = ResultForm(request.POST)
    if form.is_valid():
        person = form.cleaned_data["person"]
        try:
            services.record_assessment_result(p, person, item, form.cleaned_data["outcome"], score=form.cleaned_data["score"])
        except InvalidInput as exc:
            add_domain_errors(form, exc)
        except DomainError as exc:
            return domain_error_response(request, exc, back=reverse("learning:detail", args=[public_id]))
        else:
            messages.success(request, f"{person.name}: {form.cleaned_data['outcome']} on “{item.title}” is recorded.")
            return redirect("learning:detail", public_id=item.public_id)
    elif not p.is_lod_admin:
        return domain_error_response(request, Forbidden("Only L&OD admins record results."))
    return render(request, "learning/detail.html", _detail_context(request, item, result_form=form), status=400)


@login_required
def mine(request):
    p = personas(request)
    if p.employee is None:
        return render(request, "learning/mine.html", {"records": [], "is_employee": False})
    records = list(services.records_for(p, p.employee))
    return render(request, "learning/mine.html", {"records": records, "is_employee": True})


# --- the catalog as CSV (L&OD admins) -------------------------------------------------------------------------


@login_required
def import_catalog(request):
    p = personas(request)
    if not services.may_manage_catalog(p):
        return domain_error_response(request, Forbidden("Only L&OD admins import the catalog."))
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                summary = services.import_catalog(p, form.cleaned_data["file"])
            except InvalidInput as exc:
                form.add_error(None, [f"{where}: {'; '.join(msgs)}" if where != "detail" else "; ".join(msgs) for where, msgs in exc.errors.items()])
            else:
                messages.success(request, f"The catalog is imported: {summary}.")
                return redirect("learning:catalog")
        return render(request, "learning/import.html", {"form": form}, status=400)
    return render(request, "learning/import.html", {"form": form})


@login_required
def export_catalog(request):
    if not services.may_manage_catalog(personas(request)):
        return domain_error_response(request, Forbidden("Only L&OD admins export the catalog."))
    response = StreamingHttpResponse(services.export_catalog_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="talentloop-learning-catalog-{timezone.localdate():%Y%m%d}.csv"'
    return response
