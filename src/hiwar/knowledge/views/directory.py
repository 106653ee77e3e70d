"""The organization directory: who works on which objective in which country, the public
profile of each organization, its administrators' declared profile, and the contact form."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from hiwar.accounts.models import Organization
from hiwar.framework.models import Country, Objective
from hiwar.knowledge import selectors_directory as directory
from hiwar.knowledge.forms import ContactForm, ProfileForm
from hiwar.knowledge.services import directory as services
from hiwar.knowledge.services.errors import KnowledgeError
from hiwar.knowledge.views.practices import ignored_notice
from hiwar.reviews.views.common import require, user_of

PAGE_SIZE = 24
SOURCE_ORDER = (directory.DECLARED, directory.PRACTICES, directory.INPUTS)


def directory_list(request: HttpRequest) -> HttpResponse:
    """Organizations filtered by objective, country and category (in the URL)."""
    filters = directory.parse_directory_filters(request.GET)
    ignored_notice(request, filters.ignored)
    organizations = directory.filter_directory(directory.directory_organizations(), filters)
    facets, work = directory.directory_facets(organizations, filters)
    page = Paginator(list(organizations), PAGE_SIZE).get_page(request.GET.get("page"))
    countries = dict(
        Country.objects.filter(
            iso2__in={iso2 for org in page for iso2 in work[org.pk].countries}
        ).values_list("iso2", "name")
    )
    cards = [
        {
            "organization": org,
            "objectives": work[org.pk].objective_numbers(),
            "countries": sorted(countries.get(iso2, iso2) for iso2 in work[org.pk].countries),
        }
        for org in page
    ]
    return render(
        request,
        "knowledge/directory.html",
        {"page": page, "cards": cards, "facets": facets, "params": filters.as_params()},
    )


def _listed(pk: int) -> Organization:
    organization = directory.directory_organizations().filter(pk=pk).first()
    if organization is None:
        raise Http404
    return organization


def organization_profile(request: HttpRequest, pk: int) -> HttpResponse:
    """The public face of an organization: what it declares and what its published work
    shows, each with its source."""
    organization = _listed(pk)
    work = directory.organization_work(organization)
    objectives = Objective.objects.filter(number__in=work.objectives).order_by("number")
    countries = Country.objects.filter(iso2__in=work.countries).order_by("name")
    return render(
        request,
        "knowledge/organization.html",
        {
            "organization": organization,
            "profile": directory.declared_profile(organization),
            "objectives": [
                {
                    "objective": objective,
                    "sources": [s for s in SOURCE_ORDER if s in work.objectives[objective.number]],
                    "passages": work.input_passages.get(objective.number, 0),
                }
                for objective in objectives
            ],
            "countries": [
                {
                    "country": country,
                    "sources": [s for s in SOURCE_ORDER if s in work.countries[country.iso2]],
                }
                for country in countries
            ],
            "practices": directory.published_practices_of(organization),
            "inputs": directory.published_inputs_of(organization),
            "can_edit": request.user.has_perm("knowledge.edit_profile", organization),
            "can_contact": bool(services.admin_recipients(organization)),
        },
    )


@login_required
def profile_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organization = get_object_or_404(Organization, pk=pk)
    require(request, "knowledge.edit_profile", organization)
    profile = directory.declared_profile(organization)
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            try:
                services.save_profile(
                    actor=user_of(request),
                    organization=organization,
                    description=form.cleaned_data["description"],
                    language=form.cleaned_data["language"],
                    objectives=list(form.cleaned_data["objectives"]),
                    countries=list(form.cleaned_data["countries"]),
                )
                messages.success(request, _("The profile is saved."))
                return redirect("knowledge:organization", pk=organization.pk)
            except KnowledgeError as error:
                form.add_error(None, str(error))
    else:
        initial: dict[str, Any] = {"language": request.LANGUAGE_CODE}
        if profile is not None:
            initial = {
                "description": profile.description,
                "language": profile.language,
                "objectives": [o.pk for o in profile.objectives.all()],
                "countries": [c.pk for c in profile.countries.all()],
            }
        form = ProfileForm(initial=initial)
    return render(
        request, "knowledge/profile_form.html", {"organization": organization, "form": form}
    )


def contact(request: HttpRequest, pk: int) -> HttpResponse:
    """Write to an organization. Signed-in users only; the administrators' addresses are
    never shown, the reply goes to the sender's address."""
    organization = _listed(pk)
    if not request.user.is_authenticated:
        messages.info(request, _("Sign in to write to an organization."))
        return redirect(f"{reverse('account_login')}?next={request.path}")
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.send_contact_message(
                actor=user_of(request),
                organization=organization,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
            )
            messages.success(
                request,
                _("Your message is sent. The organization will answer to your email address."),
            )
            return redirect("knowledge:organization", pk=organization.pk)
        except KnowledgeError as error:
            form.add_error(None, str(error))
    return render(
        request,
        "knowledge/contact.html",
        {
            "organization": organization,
            "form": form,
            "can_contact": bool(services.admin_recipients(organization)),
        },
    )


def directory_urls() -> list[Any]:
    from django.urls import path

    return [
        path("directory/", directory_list, name="directory"),
        path("directory/<int:pk>/", organization_profile, name="organization"),
        path("directory/<int:pk>/profile/", profile_edit, name="profile_edit"),
        path("directory/<int:pk>/contact/", contact, name="contact"),
    ]
