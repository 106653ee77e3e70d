from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hiwar.accounts import selectors, services
from hiwar.accounts.forms import InvitationForm, OrganizationForm, ProfileForm
from hiwar.accounts.models import Invitation, Membership, Organization, User


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _require(request: HttpRequest, permission: str, obj: Model | None = None) -> None:
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        "accounts/dashboard.html",
        {
            "roles": selectors.user_roles(user=user),
            "memberships": selectors.user_memberships(user=user),
            "invitations": selectors.open_invitations_for(user=user),
            "join_requests": selectors.pending_requests_for_admin(user=user),
        },
    )


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = ProfileForm(
        request.POST or None,
        initial={"full_name": user.full_name, "preferred_language": user.preferred_language},
    )
    if request.method == "POST" and form.is_valid():
        services.update_profile(actor=user, **form.cleaned_data)
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:dashboard")
    return render(request, "accounts/profile.html", {"form": form})


def organization_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    return render(
        request,
        "accounts/organization_list.html",
        {"organizations": selectors.organization_list(query=query), "query": query},
    )


@login_required
def organization_create(request: HttpRequest) -> HttpResponse:
    form = OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organization = services.create_organization(actor=_user(request), **form.cleaned_data)
        except services.AccountsError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The organization has been created. You administer it."))
            return redirect("accounts:organization_detail", pk=organization.pk)
    return render(request, "accounts/organization_form.html", {"form": form})


@login_required
def organization_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organization = get_object_or_404(Organization, pk=pk)
    _require(request, "accounts.change_organization", organization)
    form = OrganizationForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_organization(
                actor=_user(request), organization=organization, **form.cleaned_data
            )
        except services.AccountsError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The organization has been saved."))
            return redirect("accounts:organization_detail", pk=organization.pk)
    return render(
        request, "accounts/organization_form.html", {"form": form, "organization": organization}
    )


def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organization = get_object_or_404(
        Organization.objects.select_related("category", "country"), pk=pk
    )
    can_see_members = request.user.has_perm("accounts.view_organization_members", organization)
    own_membership = (
        Membership.objects.filter(user=request.user, organization=organization).first()
        if request.user.is_authenticated
        else None
    )
    return render(
        request,
        "accounts/organization_detail.html",
        {
            "organization": organization,
            "memberships": (
                selectors.organization_memberships(organization=organization)
                if can_see_members
                else None
            ),
            "own_membership": own_membership,
            "can_join": request.user.has_perm("accounts.join_organization", organization),
            "can_decide": request.user.has_perm("accounts.decide_membership", organization),
            "can_change": request.user.has_perm("accounts.change_organization", organization),
        },
    )


@login_required
@require_POST
def organization_join(request: HttpRequest, pk: int) -> HttpResponse:
    organization = get_object_or_404(Organization, pk=pk)
    try:
        services.request_membership(actor=_user(request), organization=organization)
    except services.AccountsError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Your request has been sent to the organization's administrators.")
        )
    return redirect("accounts:organization_detail", pk=organization.pk)


@login_required
@require_POST
def membership_decide(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership.objects.select_related("organization"), pk=pk)
    _require(request, "accounts.decide_membership", membership.organization)
    decision = request.POST.get("decision")
    if decision not in {"approve", "decline"}:
        messages.error(request, _("Choose to approve or decline the request."))
    else:
        try:
            services.decide_membership(
                actor=_user(request), membership=membership, approve=decision == "approve"
            )
        except services.AccountsError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The request has been decided."))
    return redirect("accounts:organization_detail", pk=membership.organization_id)


@login_required
def invitation_list(request: HttpRequest) -> HttpResponse:
    _require(request, "accounts.invite_people")
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invite_person(actor=_user(request), **form.cleaned_data)
        except services.AccountsError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("An invitation has been sent to %(email)s.") % {"email": invitation.email},
            )
            return redirect("accounts:invitation_list")
    return render(
        request,
        "accounts/invitation_list.html",
        {"form": form, "invitations": selectors.invitation_list()},
    )


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "accounts.invite_people")
    invitation = get_object_or_404(Invitation, pk=pk)
    try:
        services.revoke_invitation(actor=_user(request), invitation=invitation)
    except services.AccountsError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The invitation has been withdrawn."))
    return redirect("accounts:invitation_list")


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The page an invitation link opens: sign in or sign up, then accept."""
    invitation = get_object_or_404(
        Invitation.objects.select_related("country", "organization", "invited_by"), token=token
    )
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            services.accept_invitation(actor=_user(request), invitation=invitation)
        except services.AccountsError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Invitation accepted. Your new role is active."))
            return redirect("accounts:dashboard")
    return render(request, "accounts/invitation.html", {"invitation": invitation})
