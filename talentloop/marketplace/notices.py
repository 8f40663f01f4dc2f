"""What the marketplace tells people, and in which words: one function per event, each calling notifications.notify.

Called inside the service's transaction, so a rolled-back change tells nobody. Confidentiality holds here too:
nothing about a permanent-role application reaches the line manager before the offer or the applicant's consent.
"""

from __future__ import annotations

from talentloop.accounts.personas import talent_admin_users
from talentloop.marketplace.lifecycle import ApplicationStatus, OpportunityType

S = ApplicationStatus


def notify(*args, **kwargs) -> None:
    # Imported here: the notifications app reads the feed (matching), which reads the marketplace.
    from talentloop.notifications.api import notify as send

    send(*args, **kwargs)


def _opp_url(opportunity) -> str:
    return f"/opportunities/{opportunity.public_id}/"


def _applicants_url(opportunity) -> str:
    return f"/opportunities/{opportunity.public_id}/applicants/"


MY_APPLICATIONS = "/applications/"
TEAM = "/team/"


def _kind(opportunity) -> str:
    return opportunity.get_type_display()


def _release_deciders(application) -> list:
    if application.release_approver is not None:
        return [application.release_approver.user]
    return list(talent_admin_users())


def invited(application, actor) -> None:
    opp = application.opportunity
    body = f"{opp.owner.name} invites you to apply to the {_kind(opp)} “{opp.title}”."
    if application.message:
        body += f"\n\n“{application.message}”"
    notify(application.applicant.user, "invited", f"You are invited: {opp.title}", body, _opp_url(opp), actor=actor)


def application_received(application) -> None:
    opp = application.opportunity
    notify(
        opp.owner.user, "application_received", f"{application.applicant.name} applied to “{opp.title}”",
        application.message[:500], _applicants_url(opp), actor=application.applicant.user,
    )


def release_requested(application) -> None:
    opp = application.opportunity
    hours = f"{opp.total_hours} hours in all" if opp.type == OpportunityType.JOB_SHADOWING else f"{opp.hours_per_week} hours a week"
    body = (f"{application.applicant.name} is offered the {_kind(opp)} “{opp.title}” ({hours}). "
            "Release the time, or decline with a reason they will see.")
    for user in _release_deciders(application):
        notify(user, "release_requested", f"Release {application.applicant.name} for “{opp.title}”?", body, TEAM)


def release_escalated(application) -> None:
    opp = application.opportunity
    body = (f"The release of {application.applicant.name} for the {_kind(opp)} “{opp.title}” waited too long "
            f"for {application.applicant.manager.name if application.applicant.manager else 'their line manager'} "
            "and now waits on you.")
    for user in _release_deciders(application):
        notify(user, "release_escalated", f"Overdue release: {application.applicant.name}, “{opp.title}”", body, TEAM)
    notify(application.applicant.user, "application_update", f"Your release for “{opp.title}” was escalated",
           "Your line manager did not answer in time; the request went to the next person who can decide.", MY_APPLICATIONS)


def manager_told_of_offer(application) -> None:
    opp = application.opportunity
    notify(
        application.applicant.manager.user, "application_update",
        f"{application.applicant.name} is offered the role “{opp.title}”",
        f"{application.applicant.name} applied to an internal permanent role and has an offer. "
        "Applications to permanent roles stay confidential until this stage.", TEAM,
    )


def manager_told_of_application(application) -> None:
    opp = application.opportunity
    notify(
        application.applicant.manager.user, "application_update",
        f"{application.applicant.name} shares an application with you",
        f"{application.applicant.name} applied to the permanent role “{opp.title}” and chose to tell you now.", TEAM,
        actor=application.applicant.user,
    )


def approval_requested(user, opportunity, actor) -> None:
    notify(
        user, "approval_requested", f"Approve “{opportunity.title}”?",
        f"{opportunity.owner.name} wants to publish the {_kind(opportunity)} “{opportunity.title}” at "
        f"{opportunity.hours_per_week} hours a week, above the threshold that needs approval.",
        _opp_url(opportunity), actor=actor,
    )


def publication_decided(opportunity, *, approved: bool, reason: str, actor) -> None:
    if approved:
        notify(opportunity.owner.user, "opportunity_approved", f"“{opportunity.title}” is approved and published",
               reason, _opp_url(opportunity), actor=actor)
    else:
        notify(opportunity.owner.user, "opportunity_rejected", f"“{opportunity.title}” went back to draft",
               f"Reason: {reason}" if reason else "", _opp_url(opportunity), actor=actor)


def completion_to_confirm(application, actor) -> None:
    opp = application.opportunity
    notify(application.applicant.user, "completion_to_confirm", f"Confirm you completed “{opp.title}”",
           f"{opp.owner.name} rated the skills you applied. Confirm the completion to add them to your profile as evidence.",
           MY_APPLICATIONS, actor=actor)


def completion_to_rate(application, actor) -> None:
    opp = application.opportunity
    notify(opp.owner.user, "completion_to_confirm", f"{application.applicant.name} completed “{opp.title}”",
           "Rate the skills they applied to finish the completion; your ratings become verified evidence on their profile.",
           _applicants_url(opp), actor=actor)


def session_logged(session, actor) -> None:
    application = session.application
    opp = application.opportunity
    other = opp.owner.user if actor.pk == application.applicant.user_id else application.applicant.user
    notify(other, "session_logged", f"A mentoring session of “{opp.title}” was logged",
           f"{session.minutes} minutes on {session.held_on:%d %b %Y}.", MY_APPLICATIONS if other == application.applicant.user
           else _applicants_url(opp), actor=actor)


def moved_into_role(application, previous_manager) -> None:
    """The person took the internal role: their former line manager hears it from Talentloop, not the grapevine."""
    opp = application.opportunity
    if previous_manager is None or previous_manager.pk == opp.owner_id:
        return
    notify(previous_manager.user, "application_update", f"{application.applicant.name} moved to “{opp.title}”",
           f"{application.applicant.name} took an internal permanent role in {opp.department}, reporting to {opp.owner.name}.", TEAM)


_APPLICANT_TITLES = {
    S.SHORTLISTED: "You are shortlisted for “{t}”",
    S.OFFERED: "You have an offer: “{t}”",
    S.RELEASED: "Your line manager released your time for “{t}”",
    S.ACTIVE: "“{t}” has started",
    S.COMPLETED: "“{t}” is completed",
    S.DECLINED: "News on your application to “{t}”",
    S.EXPIRED: "Your application to “{t}” expired",
    S.WITHDRAWN: "Your application to “{t}” was withdrawn",
}


def application_moved(application, frm, *, actor) -> None:
    """Tell the applicant of each step; tell the owner when the applicant acts."""
    from talentloop.marketplace.advice import decline_advice_text

    opp = application.opportunity
    to = S(application.status)
    applicant_user = application.applicant.user
    if to in _APPLICANT_TITLES and (actor is None or actor.pk != applicant_user.pk):
        kind = "completed" if to == S.COMPLETED else ("release_expired" if to == S.EXPIRED and frm in (S.OFFERED,) else "application_update")
        body = ""
        if to == S.OFFERED:
            body = ("Your line manager is asked to release the time; you can accept once they have."
                    if application.release_required else "Accept it on your applications page.")
        elif to == S.DECLINED:
            body = decline_advice_text(application)
        elif to == S.COMPLETED:
            body = "The skills rated are on your profile as evidence, and your feed takes them into account."
        elif to == S.EXPIRED:
            body = "Nobody decided in time. You can apply to other opportunities, or to this one again if it is still open."
        notify(applicant_user, kind, _APPLICANT_TITLES[to].format(t=opp.title), body, MY_APPLICATIONS, actor=actor)
    if actor is not None and actor.pk == applicant_user.pk and to in (S.ACCEPTED, S.WITHDRAWN, S.APPLIED):
        verb = {S.ACCEPTED: "accepted the offer", S.WITHDRAWN: "withdrew", S.APPLIED: "accepted your invitation"}[to]
        notify(opp.owner.user, "application_received", f"{application.applicant.name} {verb}: “{opp.title}”", "",
               _applicants_url(opp), actor=actor)
    owner_user = opp.owner.user
    is_owner_move = actor is not None and actor.pk == owner_user.pk
    if to in (S.RELEASED, S.DECLINED) and frm == S.OFFERED and actor is not None and not is_owner_move and actor.pk != applicant_user.pk:
        # The line manager (or whoever the release went to) decided: the owner learns whether the seat is coming.
        verb = "released the time of" if to == S.RELEASED else "declined to release"
        notify(owner_user, "application_received", f"{actor.get_full_name() or actor.username} {verb} {application.applicant.name}",
               f"For “{opp.title}”." + (f" Reason: {application.decision_reason}" if to == S.DECLINED else ""),
               _applicants_url(opp), actor=actor)
    if to == S.EXPIRED and frm in (S.OFFERED, S.RELEASED):
        notify(owner_user, "application_received", f"The offer to {application.applicant.name} expired: “{opp.title}”",
               "The seat it held is free again.", _applicants_url(opp))
    if to == S.COMPLETED and actor is not None and actor.pk == applicant_user.pk:
        notify(opp.owner.user, "completed", f"“{opp.title}” is completed with {application.applicant.name}",
               "Both sides confirmed; your ratings are on their profile.", _applicants_url(opp), actor=actor)
