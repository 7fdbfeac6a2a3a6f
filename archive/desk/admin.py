"""The desk's additions to the call admin: workflow-aware status choices, the optimistic lock,
edit summaries, revisions with diffs and revert, deleted calls with restore, and report intake."""

from django.contrib import admin, messages
from django.contrib.admin.utils import NestedObjects
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, router, transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from ..models import Call, IntakeGuess
from ..vocabularies import Status
from . import revisions, workflow
from .forms import DeskCallForm


@transaction.atomic
def delete_calls(calls):
    """Delete calls with everything under them; each deletion is kept in the history, from which
    the deleted-calls page restores them."""
    for call in calls:
        for statement in call.statements.all():
            statement.delete()
        call._change_reason = "Deleted"
        call.delete()


class DeskCallAdminMixin:
    """Mixed into ``CallAdmin``."""

    change_form_template = "desk/call_change_form.html"
    change_list_template = "desk/call_change_list.html"
    actions = ["submit_for_review", "publish", "export_json", "export_csv"]

    class Media:
        js = ["desk/desk.js"]
        css = {"all": ["desk/desk.css"]}

    # Form ----------------------------------------------------------------------------------

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = type("DeskCallForm", (DeskCallForm,), {"desk_user": request.user})
        return super().get_form(request, obj, change=change, **kwargs)

    def save_model(self, request, obj, form, change):
        summary = form.cleaned_data.get("edit_summary", "").strip()
        obj._change_reason = summary or ("Created" if not change else "Edited")
        if change and getattr(form, "locked_version", None) is not None:
            obj.version = form.locked_version
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        reason = form.cleaned_data.get("edit_summary", "").strip() or "Edited"
        for child in formset.forms:
            child.instance._change_reason = reason
        super().save_formset(request, form, formset, change)

    def delete_model(self, request, obj):
        delete_calls([obj])

    def delete_queryset(self, request, queryset):
        delete_calls(list(queryset))

    def get_deleted_objects(self, objs, request):
        """A call's statements protect its participants and sources from being deleted alone;
        deleting the whole call takes them all, so that protection does not block it."""
        to_delete, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        ids = {obj.pk for obj in objs}
        collector = NestedObjects(using=router.db_for_write(Call))
        collector.collect(list(objs))
        if all(getattr(obj, "call_id", None) in ids for obj in collector.protected):
            protected = []
        return to_delete, model_count, perms_needed, protected

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        call = Call.objects.filter(pk=object_id).first() if str(object_id).isdigit() else None
        if call is not None:
            extra_context["intake_guesses"] = (
                IntakeGuess.objects.filter(call=call) if call.status in (Status.DRAFT, Status.REVIEW) else []
            )
            extra_context["revisions_url"] = reverse("admin:archive_call_revisions", args=[call.pk])
        return super().change_view(request, object_id, form_url, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """Reverting one history row would leave the statements behind: use the desk's revert."""
        return HttpResponseRedirect(reverse("admin:archive_call_revisions", args=[object_id]))

    # Actions -------------------------------------------------------------------------------

    def _move(self, request, queryset, target):
        moved, refused = 0, []
        for call in queryset:
            if not workflow.can_move(request.user, call.status, target):
                refused.append(f"“{call}”: {workflow.refusal(call.status, target)}")
                continue
            if target == Status.PUBLISHED and (call.date is None or call.participants.count() < 2):
                refused.append(f"“{call}”: a published call needs a date and at least two participants.")
                continue
            call.status = target
            call._change_reason = f"Status set to {Status(target).label}"
            call.save()
            moved += 1
        if moved:
            self.message_user(request, f"{moved} call(s) set to {Status(target).label}.", messages.SUCCESS)
        for message in refused:
            self.message_user(request, message, messages.ERROR)

    @admin.action(description="Submit selected calls for review")
    def submit_for_review(self, request, queryset):
        self._move(request, queryset.filter(status=Status.DRAFT), Status.REVIEW)

    @admin.action(description="Publish selected calls (reviewers)")
    def publish(self, request, queryset):
        if not request.user.has_perm("archive.publish_call"):
            self.message_user(request, workflow.refusal(Status.REVIEW, Status.PUBLISHED), messages.ERROR)
            return
        self._move(request, queryset, Status.PUBLISHED)

    @admin.action(description="Export selected calls as JSON (interchange format)")
    def export_json(self, request, queryset):
        from .transfer import export_response

        return export_response(queryset)

    @admin.action(description="Export selected calls as CSV (one call a row)")
    def export_csv(self, request, queryset):
        from .transfer import export_csv_response

        return export_csv_response(queryset)

    # Extra pages ---------------------------------------------------------------------------

    def get_urls(self):
        from ..intake.views import intake_view
        from .transfer import import_view

        wrap = self.admin_site.admin_view
        return [
            path("intake/", wrap(intake_view), name="archive_call_intake"),
            path("import/", wrap(import_view), name="archive_call_import"),
            path("deleted/", wrap(self.deleted_view), name="archive_call_deleted"),
            path("<int:pk>/revisions/", wrap(self.revisions_view), name="archive_call_revisions"),
            path(
                "<int:pk>/revisions/<int:version>/",
                wrap(self.revision_view),
                name="archive_call_revision",
            ),
        ] + super().get_urls()

    def _context(self, request, **kwargs):
        return {**self.admin_site.each_context(request), "opts": self.model._meta, **kwargs}

    def revisions_view(self, request, pk):
        call = get_object_or_404(Call, pk=pk)
        if not self.has_view_or_change_permission(request, call):
            raise PermissionDenied
        found = list(reversed(revisions.revisions(pk)))
        return TemplateResponse(
            request,
            "desk/revisions.html",
            self._context(request, call=call, revisions=found, title=f"Revisions of “{call}”"),
        )

    def revision_view(self, request, pk, version):
        call = get_object_or_404(Call, pk=pk)
        if not self.has_view_or_change_permission(request, call):
            raise PermissionDenied
        found = revisions.revision(pk, version)
        if found is None:
            raise Http404(f"This call has no version {version}.")
        this = revisions.snapshot_of_version(call, version)
        previous = next((r for r in reversed(revisions.revisions(pk)) if r.version < version), None)
        against = request.GET.get("against")
        if against and against.isdigit():
            base = revisions.snapshot_of_version(call, int(against))
            base_version = int(against)
        else:
            base = revisions.snapshot_of_version(call, previous.version) if previous else None
            base_version = previous.version if previous else None
        changes = revisions.diff(base, this) if base else None
        if request.method == "POST":
            if not self.has_change_permission(request, call):
                raise PermissionDenied
            try:
                revisions.revert(
                    call, version, user=request.user, summary=request.POST.get("summary", "").strip()
                )
            except (revisions.RevertError, IntegrityError) as error:
                self.message_user(request, f"The call was not reverted: {error}", messages.ERROR)
            else:
                self.message_user(request, f"Reverted to version {version}; the revert is a new revision.")
                return HttpResponseRedirect(reverse("admin:archive_call_change", args=[pk]))
        return TemplateResponse(
            request,
            "desk/revision.html",
            self._context(
                request,
                call=call,
                revision=found,
                changes=changes,
                base_version=base_version,
                is_current=call.version == version,
                title=f"Version {version} of “{call}”",
            ),
        )

    def deleted_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            call_id = request.POST.get("call")
            try:
                call = revisions.restore(
                    int(call_id or 0),
                    user=request.user,
                    can_publish=request.user.has_perm("archive.publish_call"),
                )
            except (revisions.RevertError, IntegrityError, ValueError) as error:
                self.message_user(request, f"The call was not restored: {error}", messages.ERROR)
            else:
                url = reverse("admin:archive_call_change", args=[call.pk])
                self.message_user(request, format_html('Restored <a href="{}">{}</a>.', url, call))
                return HttpResponseRedirect(url)
        return TemplateResponse(
            request,
            "desk/deleted.html",
            self._context(request, deleted=revisions.deleted_calls()[:200], title="Deleted calls"),
        )
