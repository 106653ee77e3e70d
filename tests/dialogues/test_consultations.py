"""The online consultation: the secretariat opens guiding questions for a period; signed-in
people post and reply in Arabic, English or French (plain text, tagged to objectives), edit
their own posts while it is open; moderators hide and restore posts with a logged reason and
handle reports; moderators export everything. Refused requests change nothing."""

import csv
import datetime
import io
import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hiwar.dialogues.models import Consultation, Contribution, ContributionReport, ModerationEntry
from hiwar.dialogues.services import DialogueError
from hiwar.dialogues.services import consultations as services
from hiwar.framework.models import Objective
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ARABIC = "نطالب بحماية حقوق العمال المهاجرين وتسهيل تحويل الأموال إلى بلدانهم."
REMITTANCES = (
    "The diaspora network asked for cheaper and faster transfers of remittances, and for "
    "banks to open accounts for migrant workers so that they can send money home."
)


def objective(number: int) -> Objective:
    return Objective.objects.get(number=number)


@pytest.fixture
def consultation(cycle: Any) -> Consultation:
    """Open since yesterday, for a week, about objectives 6 and 20."""
    now = timezone.now()
    consultation = Consultation.objects.create(
        cycle=cycle,
        slug="online-2020",
        title_en="Online consultation on the regional review",
        title_ar="المشاورة الإلكترونية حول الاستعراض الإقليمي",
        description_en="Share your views before the regional review.",
        questions_en="What works?\nWhat should change?",
        questions_ar="ما الذي ينجح؟\nما الذي يجب أن يتغير؟",  # noqa: RUF001
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=7),
    )
    consultation.objectives.set([objective(6), objective(20)])
    return consultation


def url(name: str, consultation: Consultation, **kwargs: Any) -> str:
    return reverse(f"dialogues:{name}", kwargs={"slug": consultation.slug, **kwargs})


def post(
    consultation: Consultation, author: Any, text: str = "Regular pathways.", **kw: Any
) -> Any:
    kw.setdefault("language", "en")
    return services.post_contribution(consultation=consultation, author=author, text=text, **kw)


def counts() -> tuple[int, int, int]:
    return (
        Contribution.objects.count(),
        ContributionReport.objects.count(),
        ModerationEntry.objects.count(),
    )


# --- The secretariat sets up a consultation ---------------------------------------------------


def test_the_secretariat_creates_and_edits_a_consultation(secretariat_client, cycle):
    form = {
        "slug": "gcm-online",
        "cycle": cycle.pk,
        "title_en": "Online consultation",
        "title_ar": "مشاورة إلكترونية",
        "title_fr": "Consultation en ligne",
        "questions_en": "What works?\nWhat should change?",
        "opens_at": "2021-01-10T09:00",
        "closes_at": "2021-01-31T18:00",
        "objectives": [objective(6).pk],
    }
    response = secretariat_client.post(reverse("dialogues:consultation_new"), form)
    assert response.status_code == 302
    consultation = Consultation.objects.get(slug="gcm-online")
    assert consultation.title_ar == "مشاورة إلكترونية"
    assert timezone.localtime(consultation.opens_at).hour == 9  # in the platform's time zone
    assert list(consultation.objectives.all()) == [objective(6)]

    page = secretariat_client.get(url("consultation_edit", consultation))
    assert 'value="2021-01-31T18:00"' in page.content.decode()
    response = secretariat_client.post(
        url("consultation_edit", consultation), {**form, "title_en": "Renamed", "objectives": []}
    )
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.title_en == "Renamed"
    assert consultation.title_ar == "مشاورة إلكترونية"
    assert list(consultation.objectives.all()) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"closes_at": "2021-01-10T09:00"}, "A consultation must close after it opens."),
        ({"closes_at": "2021-01-01T09:00"}, "A consultation must close after it opens."),
        ({"title_en": ""}, "This field is required."),
        ({"slug": "new"}, "This short name is reserved"),
        ({"slug": "online-2020"}, "Another consultation already has this short name."),
        ({"opens_at": "yesterday"}, "Enter a valid date/time."),
    ],
)
def test_wrong_settings_are_refused(secretariat_client, cycle, consultation, change, message):
    form = {
        "slug": "gcm-online",
        "cycle": cycle.pk,
        "title_en": "Online consultation",
        "opens_at": "2021-01-10T09:00",
        "closes_at": "2021-01-31T18:00",
        **change,
    }
    response = secretariat_client.post(reverse("dialogues:consultation_new"), form)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Consultation.objects.count() == 1


def test_only_the_secretariat_sets_up_consultations(client, consultation, rapporteur, org_member):
    for person in (rapporteur, org_member):
        client.force_login(person)
        assert client.get(reverse("dialogues:consultation_new")).status_code == 403
        response = client.post(url("consultation_edit", consultation), {"title_en": "Mine"})
        assert response.status_code == 403
    consultation.refresh_from_db()
    assert consultation.title_en == "Online consultation on the regional review"


def test_the_list_shows_open_consultations_first_with_counts(
    client, cycle, consultation, org_member
):
    now = timezone.now()
    Consultation.objects.create(
        cycle=cycle,
        slug="closed",
        title_en="A closed one",
        opens_at=now - datetime.timedelta(days=30),
        closes_at=now - datetime.timedelta(days=20),
    )
    Consultation.objects.create(
        cycle=cycle,
        slug="later",
        title_en="A later one",
        opens_at=now + datetime.timedelta(days=20),
        closes_at=now + datetime.timedelta(days=30),
    )
    first = post(consultation, org_member)
    post(consultation, UserFactory(), parent=first)
    content = client.get(reverse("dialogues:consultations")).content.decode()
    assert content.index("Online consultation on the regional") < content.index("A later one")
    assert content.index("A later one") < content.index("A closed one")
    assert "2 contributions, 2 contributors" in content
    assert "Open until" in content and "Opens" in content and "Closed on" in content


# --- Posting and replying ---------------------------------------------------------------------


def test_a_member_posts_in_arabic_and_another_replies(
    client, consultation, org_member, organization
):
    client.force_login(org_member)
    page = client.get("/ar" + url("consultation", consultation)[3:])
    content = page.content.decode()
    assert 'value="ar" selected' in content  # the language defaults to the page language
    assert "ما الذي ينجح؟" in content
    response = client.post(
        url("contribution_post", consultation),
        {"text": ARABIC, "language": "ar", "organization": organization.pk},
    )
    first = Contribution.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#post-{first.pk}")
    assert (first.author, first.organization, first.language) == (org_member, organization, "ar")

    replier = UserFactory(full_name="Karim Responder")
    client.force_login(replier)
    response = client.post(
        url("contribution_post", consultation),
        {"text": "Agreed, and for domestic workers too.", "language": "en", "parent": first.pk},
    )
    assert response.status_code == 302
    reply = Contribution.objects.get(parent=first)
    assert reply.author == replier
    # A reply to the reply joins the same thread: threads are one level deep.
    reply_to_reply = post(consultation, org_member, "Yes.", parent=reply)
    assert reply_to_reply.parent == first

    content = client.get(url("consultation", consultation)).content.decode()
    assert f'id="post-{first.pk}"' in content
    assert f'lang="ar" dir="rtl">{ARABIC}</div>' in content  # Arabic reads RTL in English
    assert 'lang="en" dir="ltr">Agreed, and for domestic workers too.</div>' in content
    assert "Layla Nasser" in content and "Jordan Migrant Workers Network" in content
    # The thread count, in the language the page is in ("3 contributions" or "3 مساهمات").
    assert "3 contributions" in content or "3 مساهمات" in content


def test_a_post_is_plain_text_never_html(client, consultation, org_member):
    text = "<script>alert('x')</script>\n<b>bold</b>\nsecond line"
    post(consultation, org_member, text)
    content = client.get(url("consultation", consultation)).content.decode()
    assert "<script>alert" not in content
    assert (
        "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;<br>"
        "&lt;b&gt;bold&lt;/b&gt;<br>second line" in content
    )


def test_the_objectives_ticked_are_kept_and_untagged_posts_get_suggestions(
    client, consultation, org_member
):
    client.force_login(org_member)
    client.post(
        url("contribution_post", consultation),
        {"text": REMITTANCES, "language": "en", "objectives": [objective(6).pk]},
    )
    ticked = Contribution.objects.get()
    assert list(ticked.objectives.all()) == [objective(6)]
    tagged = post(consultation, UserFactory(), REMITTANCES)
    assert objective(20) in tagged.objectives.all()  # remittances: suggested by the engine
    content = client.get(url("consultation", consultation)).content.decode()
    assert "Objective 20" in content


def test_anonymous_visitors_read_but_must_sign_in_to_post(client, consultation, org_member):
    post(consultation, org_member, "Visible to all.")
    page = client.get(url("consultation", consultation))
    content = page.content.decode()
    assert "Visible to all." in content
    assert "Sign in to contribute" in content
    response = client.post(url("contribution_post", consultation), {"text": "x", "language": "en"})
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert Contribution.objects.count() == 1


@pytest.mark.parametrize(
    ("opens", "closes", "message"),
    [
        (1, 2, "This consultation is not open for contributions yet."),
        (-2, -1, "This consultation is closed: no more contributions."),
    ],
)
def test_no_contribution_outside_the_period(
    client, consultation, org_member, opens, closes, message
):
    now = timezone.now()
    consultation.opens_at = now + datetime.timedelta(days=opens)
    consultation.closes_at = now + datetime.timedelta(days=closes)
    consultation.save()
    client.force_login(org_member)
    page = client.get(url("consultation", consultation)).content.decode()
    assert message in page
    assert 'name="text"' not in page
    response = client.post(
        url("contribution_post", consultation), {"text": "Late", "language": "en"}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Contribution.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "   ", "language": "en"}, "Write your contribution."),
        ({"text": "x" * 10_001, "language": "en"}, "at most 10000 characters"),
        ({"text": "x" * 1_000_000, "language": "en"}, "at most 10000 characters"),
        ({"text": "Fine", "language": "de"}, "Select a valid choice"),
        ({"text": "Fine", "language": "en", "organization": "999999"}, "Select a valid choice"),
        ({"text": "Fine", "language": "en", "objectives": ["999999"]}, "Select a valid choice"),
    ],
)
def test_bad_contributions_are_refused(client, consultation, org_member, data, message):
    client.force_login(org_member)
    response = client.post(url("contribution_post", consultation), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Contribution.objects.count() == 0


def test_no_posting_on_behalf_of_someone_elses_organization(
    client, consultation, org_member, other_org_member
):
    other = other_org_member.memberships.get().organization
    client.force_login(org_member)
    response = client.post(
        url("contribution_post", consultation),
        {"text": "On their behalf", "language": "en", "organization": other.pk},
    )
    assert response.status_code == 400
    with pytest.raises(DialogueError, match="organization you belong to"):
        post(consultation, org_member, organization=other)
    assert Contribution.objects.count() == 0


def test_a_reply_to_another_consultations_post_is_refused(client, cycle, consultation, org_member):
    elsewhere = Consultation.objects.create(
        cycle=cycle,
        slug="elsewhere",
        title_en="Elsewhere",
        opens_at=consultation.opens_at,
        closes_at=consultation.closes_at,
    )
    foreign = post(elsewhere, UserFactory())
    client.force_login(org_member)
    for parent in (foreign.pk, 999999):
        response = client.post(
            url("contribution_post", consultation),
            {"text": "Forged", "language": "en", "parent": parent},
        )
        assert response.status_code == 400
        assert "You can only reply to a post of this consultation." in response.content.decode()
    assert Contribution.objects.count() == 1


def test_posting_too_fast_is_refused_with_the_wait(client, consultation, org_member):
    now = timezone.now()
    for n in range(5):
        post(consultation, org_member, f"Post {n}", now=now - datetime.timedelta(seconds=50 - n))
    client.force_login(org_member)
    response = client.post(
        url("contribution_post", consultation), {"text": "Sixth", "language": "en"}
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "You are posting too fast; try again in" in content
    assert Contribution.objects.count() == 5
    # Someone else is not slowed down.
    post(consultation, UserFactory(), "Another person")
    # A minute after the first of the five, one more is allowed.
    later = now + datetime.timedelta(seconds=11)
    post(consultation, org_member, "Later", now=later)


def test_the_hourly_limit(consultation, org_member):
    now = timezone.now()
    for n in range(30):
        post(consultation, org_member, f"Post {n}", now=now - datetime.timedelta(minutes=59 - n))
    with pytest.raises(DialogueError) as error:
        post(consultation, org_member, "One more", now=now)
    assert "try again in 60 seconds" in str(error.value)
    assert Contribution.objects.count() == 30


# --- Editing ----------------------------------------------------------------------------------


def test_the_author_edits_their_post(client, consultation, org_member):
    mine = post(consultation, org_member, "First draft", objectives=[objective(6)])
    client.force_login(org_member)
    page = client.get(url("contribution_edit", consultation, pk=mine.pk)).content.decode()
    assert "First draft" in page
    response = client.post(
        url("contribution_edit", consultation, pk=mine.pk),
        {"text": "Second thoughts", "language": "fr", "objectives": [objective(20).pk]},
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert (mine.text, mine.language) == ("Second thoughts", "fr")
    assert mine.edited_at is not None
    assert list(mine.objectives.all()) == [objective(20)]
    assert "edited" in client.get(url("consultation", consultation)).content.decode()


def test_nobody_edits_someone_elses_post(client, consultation, org_member, rapporteur):
    theirs = post(consultation, UserFactory(), "Theirs")
    for person in (org_member, rapporteur):
        client.force_login(person)
        assert client.get(url("contribution_edit", consultation, pk=theirs.pk)).status_code == 404
        response = client.post(
            url("contribution_edit", consultation, pk=theirs.pk), {"text": "Mine", "language": "en"}
        )
        assert response.status_code == 404
    with pytest.raises(DialogueError):
        services.edit_contribution(contribution=theirs, by=org_member, text="Mine", language="en")
    theirs.refresh_from_db()
    assert (theirs.text, theirs.edited_at) == ("Theirs", None)


def test_no_editing_after_closing(client, consultation, org_member):
    mine = post(consultation, org_member, "Before closing")
    consultation.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    consultation.save()
    client.force_login(org_member)
    response = client.post(
        url("contribution_edit", consultation, pk=mine.pk), {"text": "After", "language": "en"}
    )
    assert "This consultation is closed" in response.content.decode()
    mine.refresh_from_db()
    assert mine.text == "Before closing"


# --- Moderation -------------------------------------------------------------------------------


def test_a_moderator_hides_a_post_with_a_reason_and_restores_it(
    client, consultation, org_member, rapporteur
):
    abusive = post(consultation, org_member, "Something abusive")
    client.force_login(rapporteur)
    moderate = url("contribution_moderate", consultation, pk=abusive.pk)
    response = client.post(moderate, {"action": "hide", "reason": ""})
    assert "Give the reason." in response.content.decode()
    assert counts()[2] == 0
    response = client.post(moderate, {"action": "hide", "reason": "Insults another participant."})
    assert response.status_code == 302
    abusive.refresh_from_db()
    assert abusive.hidden_at is not None and abusive.hidden_by == rapporteur
    moderators_view = client.get(url("consultation", consultation)).content.decode()
    assert "Something abusive" in moderators_view and "Moderation log" in moderators_view

    # Everyone else sees that it was hidden; the author sees it and why.
    client.logout()
    public = client.get(url("consultation", consultation)).content.decode()
    assert "This post was hidden by the moderators." in public
    assert "Something abusive" not in public
    assert "Insults another participant." not in public
    client.force_login(org_member)
    authors_view = client.get(url("consultation", consultation)).content.decode()
    assert "Something abusive" in authors_view
    assert "Insults another participant." in authors_view
    # The author cannot edit it back into view.
    client.post(
        url("contribution_edit", consultation, pk=abusive.pk), {"text": "Nice", "language": "en"}
    )
    abusive.refresh_from_db()
    assert abusive.text == "Something abusive"

    client.force_login(rapporteur)
    client.post(moderate, {"action": "restore", "reason": "The participant apologized."})
    abusive.refresh_from_db()
    assert abusive.hidden_at is None
    log = list(abusive.moderation_log.values_list("action", "reason", "moderator"))
    assert log == [
        ("hide", "Insults another participant.", rapporteur.pk),
        ("restore", "The participant apologized.", rapporteur.pk),
    ]


def test_participants_cannot_moderate(client, consultation, org_member):
    theirs = post(consultation, UserFactory(), "Theirs")
    client.force_login(org_member)
    moderate = url("contribution_moderate", consultation, pk=theirs.pk)
    assert client.post(moderate, {"action": "hide", "reason": "I disagree"}).status_code == 403
    assert client.get(url("consultation_reports", consultation)).status_code == 403
    theirs.refresh_from_db()
    assert theirs.hidden_at is None
    assert counts() == (1, 0, 0)


def test_reports_go_to_the_moderators_queue(client, consultation, org_member, rapporteur):
    theirs = post(consultation, UserFactory(full_name="Sami"), "A questionable post")
    client.force_login(org_member)
    report = url("contribution_report", consultation, pk=theirs.pk)
    assert "Give the reason." in client.post(report, {"reason": " "}).content.decode()
    assert ContributionReport.objects.count() == 0
    client.post(report, {"reason": "Off topic advertising."})
    response = client.post(report, {"reason": "Again"}, follow=True)
    assert "You have already reported this post" in response.content.decode()
    assert ContributionReport.objects.count() == 1
    with pytest.raises(DialogueError, match="your own post"):
        services.report_contribution(contribution=theirs, by=theirs.author, reason="Me")

    client.force_login(rapporteur)
    queue = client.get(url("consultation_reports", consultation)).content.decode()
    assert "A questionable post" in queue and "Off topic advertising." in queue
    client.post(url("contribution_resolve", consultation, pk=theirs.pk))
    assert ContributionReport.objects.get().resolved_at is not None
    assert (
        "No report waiting."
        in client.get(url("consultation_reports", consultation)).content.decode()
    )
    theirs.refresh_from_db()
    assert theirs.hidden_at is None


def test_hiding_a_reported_post_resolves_its_reports(consultation, org_member, rapporteur):
    theirs = post(consultation, UserFactory(), "Spam")
    services.report_contribution(contribution=theirs, by=org_member, reason="Spam")
    services.hide_contribution(contribution=theirs, by=rapporteur, reason="Spam")
    assert ContributionReport.objects.get().resolved_at is not None
    with pytest.raises(DialogueError, match="already hidden"):
        services.hide_contribution(contribution=theirs, by=rapporteur, reason="Again")
    assert ModerationEntry.objects.count() == 1


def test_posts_of_another_consultation_answer_404(client, cycle, consultation, rapporteur):
    elsewhere = Consultation.objects.create(
        cycle=cycle,
        slug="elsewhere",
        title_en="Elsewhere",
        opens_at=consultation.opens_at,
        closes_at=consultation.closes_at,
    )
    foreign = post(elsewhere, UserFactory(), "Foreign")
    client.force_login(rapporteur)
    response = client.post(
        url("contribution_moderate", consultation, pk=foreign.pk),
        {"action": "hide", "reason": "x"},
    )
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.hidden_at is None


# --- Export -----------------------------------------------------------------------------------


def test_the_export_as_csv_and_json(client, consultation, org_member, organization, rapporteur):
    first = post(consultation, org_member, ARABIC, language="ar", organization=organization)
    post(consultation, UserFactory(full_name="Eve"), '=HYPERLINK("http://evil")', parent=first)
    hidden = post(consultation, UserFactory(), "Abuse", objectives=[objective(6)])
    services.hide_contribution(contribution=hidden, by=rapporteur, reason="Abusive words")
    client.force_login(rapporteur)

    response = client.get(url("consultation_csv", consultation))
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))
    assert [row["text"] for row in rows] == [ARABIC, '\'=HYPERLINK("http://evil")', "Abuse"]
    assert rows[1]["thread"] == rows[1]["parent"] == str(first.pk)
    assert rows[0]["organization"] == "Jordan Migrant Workers Network"
    assert (rows[2]["hidden"], rows[2]["hidden_reason"], rows[2]["objectives"]) == (
        "yes",
        "Abusive words",
        "6",
    )

    response = client.get(url("consultation_json", consultation))
    assert ARABIC in response.content.decode("utf-8")  # ensure_ascii=False
    data = json.loads(response.content)
    assert data["contributions"][0]["author"] == "Layla Nasser"
    assert data["contributions"][2]["hidden"] is True


def test_only_moderators_export(client, consultation, org_member):
    client.force_login(org_member)
    assert client.get(url("consultation_csv", consultation)).status_code == 403
    assert client.get(url("consultation_json", consultation)).status_code == 403


# --- Query counts -----------------------------------------------------------------------------


def _threads(consultation: Consultation, n: int) -> None:
    for i in range(n):
        author = UserFactory()
        top = post(consultation, author, f"Thread {i}", objectives=[objective(6), objective(7)])
        for j in range(2):
            post(
                consultation,
                UserFactory(),
                f"Reply {i}.{j}",
                parent=top,
                objectives=[objective(20)],
            )


@pytest.mark.parametrize("moderator", [False, True])
def test_the_page_has_a_constant_number_of_queries(
    client, consultation, org_member, rapporteur, django_assert_num_queries, moderator
):
    client.force_login(rapporteur if moderator else org_member)
    client.get(url("consultation", consultation))  # warm caches (session, permissions)
    _threads(consultation, 1)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url("consultation", consultation)).status_code == 200
    _threads(consultation, 2)
    with django_assert_num_queries(len(one.captured_queries)):
        content = client.get(url("consultation", consultation)).content.decode()
    assert content.count('class="thread"') == 3


def test_the_list_has_a_constant_number_of_queries(client, cycle, django_assert_num_queries):
    def add(n: int) -> None:
        for i in range(n):
            now = timezone.now()
            made = Consultation.objects.create(
                cycle=cycle,
                slug=f"c-{Consultation.objects.count()}",
                title_en=f"C {i}",
                opens_at=now - datetime.timedelta(days=1),
                closes_at=now + datetime.timedelta(days=1),
            )
            post(made, UserFactory())

    add(1)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("dialogues:consultations"))
    add(2)
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(reverse("dialogues:consultations"))


def test_unknown_consultations_answer_404(client: Client) -> None:
    assert client.get("/en/dialogues/consultations/nothing/").status_code == 404
