import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command

from hiwar.accounts.models import Membership, Organization, RoleAssignment, User
from hiwar.reviews.models import (
    ExtensionRequest,
    Milestone,
    NationalReport,
    ReviewCycle,
    SectionRevision,
    StakeholderInput,
)

pytestmark = pytest.mark.django_db

MODELS = (
    User,
    EmailAddress,
    Organization,
    Membership,
    RoleAssignment,
    ReviewCycle,
    Milestone,
    NationalReport,
    SectionRevision,
    ExtensionRequest,
    StakeholderInput,
)


def test_seed_demo_creates_one_account_per_role_and_prints_them(capsys):
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert "hiwar-demo-2021" in out
    roles = set(RoleAssignment.objects.values_list("role", flat=True))
    assert roles == {"secretariat", "focal_point", "rapporteur", "translator"}
    assert RoleAssignment.objects.get(role="focal_point").country.iso2 == "JO"
    assert Membership.objects.filter(role="admin", status="active").exists()
    assert Membership.objects.filter(role="member", status="active").exists()
    for email in User.objects.values_list("email", flat=True):
        assert email in out
    assert not EmailAddress.objects.filter(verified=False).exists()


def test_seed_demo_loads_the_first_arab_regional_review():
    call_command("seed_demo")
    cycle = ReviewCycle.objects.get()
    assert cycle.is_current
    assert cycle.member_states.count() == 22
    dates = {m.key: (m.starts_on.isoformat(), m.month_precision) for m in cycle.milestones.all()}
    assert dates["dialogue-1"] == ("2020-10-27", False)
    assert dates["dialogue-2"] == ("2020-11-03", False)
    assert dates["conference"] == ("2021-02-24", False)
    assert cycle.milestones.get(key="conference").ends_on.isoformat() == "2021-02-25"
    assert dates["workshop-june-2020"] == ("2020-06-01", True)
    assert dates["imrf-2022"][0].startswith("2022-")
    names = set(Organization.objects.values_list("name", flat=True))
    assert {"Tamkeen for Legal Aid and Human Rights", "Tunisian General Labour Union"} <= names
    assert Organization.objects.get(acronym="UGTT").category.code == "trade_unions"


def test_seed_demo_twice_duplicates_nothing():
    call_command("seed_demo")
    before = {model: model.objects.count() for model in MODELS}
    call_command("seed_demo")
    assert {model: model.objects.count() for model in MODELS} == before


def test_seed_demo_shows_november_2020():
    call_command("seed_demo")
    published = NationalReport.objects.filter(status="published")
    assert sorted(published.values_list("country__iso2", flat=True)) == sorted(
        ["BH", "KM", "IQ", "LB", "LY", "MR", "MA", "QA", "TN"]
    )
    assert not NationalReport.objects.filter(is_sample=False).exclude(status="not_started").exists()
    assert ExtensionRequest.objects.filter(status="pending").count() == 2
    assert NationalReport.objects.filter(status="drafting").count() >= 3
    inputs = StakeholderInput.objects.filter(is_sample=True)
    assert inputs.count() >= 10
    assert inputs.filter(publishable=False, status="published").count() == 0
