"""Writing a national report section by section: every save is a revision, the history shows
what changed, an earlier text can be restored, autosave writes only what is new, and two focal
points saving the same section never overwrite each other."""

import re

import pytest

from hiwar.reviews.models import NationalReport, SectionRevision
from tests.reviews.conftest import MEMBER_STATE_KEYS, draft_of

pytestmark = pytest.mark.django_db


def _messages(response):
    return [str(message) for message in response.context["messages"]]


def _start(client, report):
    return client.post(f"/en/review/reports/{report.pk}/start/")


def _save(client, draft, text, base_revision, language="en", action="save", follow=False):
    data = {"text": text, "language": language, "base_revision": base_revision, "action": action}
    return client.post(f"/en/review/sections/{draft.pk}/", data, follow=follow)


def _autosave(client, draft, text, base_revision, language="en"):
    data = {"text": text, "language": language, "base_revision": base_revision}
    return client.post(f"/en/review/sections/{draft.pk}/autosave/", data)


def _revisions(draft):
    return list(
        SectionRevision.objects.filter(draft=draft)
        .order_by("number")
        .values_list("number", "text", "author__email", "autosave")
    )


@pytest.fixture
def focal_client(client, focal_point):
    client.force_login(focal_point)
    return client


def test_starting_the_report_opens_version_1_with_every_section_empty(
    focal_client, report, focal_point
):
    focal_point.preferred_language = "fr"
    focal_point.save()

    response = _start(focal_client, report)

    assert response.status_code == 302
    assert response["Location"] == f"/en/review/reports/{report.pk}/"
    version = report.versions.get()
    assert version.number == 1
    assert list(version.sections.values_list("section__key", "text", "language", "revision")) == [
        (key, "", "fr", 0) for key in MEMBER_STATE_KEYS
    ]
    page = focal_client.get(f"/en/review/reports/{report.pk}/").content.decode()
    assert page.count("Nothing written yet.") == len(MEMBER_STATE_KEYS)
    assert f"/en/review/sections/{draft_of(report, 'preparation').pk}/" in page


def test_starting_twice_keeps_the_same_version(focal_client, report):
    _start(focal_client, report)
    _start(focal_client, report)

    assert list(report.versions.values_list("number", flat=True)) == [1]


def test_saving_a_section_twice_makes_two_revisions_with_their_author(
    focal_client, report, focal_point
):
    _start(focal_client, report)
    draft = draft_of(report, "preparation")

    first = _save(focal_client, draft, "The Ministry of Labour led the review.", 0)
    second = _save(focal_client, draft, "The Ministry of Interior led the review.", 1)

    assert first.status_code == second.status_code == 302
    assert first["Location"] == f"/en/review/sections/{draft.pk}/"
    draft.refresh_from_db()
    assert (draft.text, draft.revision, draft.updated_by) == (
        "The Ministry of Interior led the review.",
        2,
        focal_point,
    )
    assert _revisions(draft) == [
        (1, "The Ministry of Labour led the review.", focal_point.email, False),
        (2, "The Ministry of Interior led the review.", focal_point.email, False),
    ]
    report.refresh_from_db()
    assert report.status == NationalReport.Status.DRAFTING
    assert report.started_at is not None


def test_the_edit_page_builds_on_the_current_revision(focal_client, report):
    _start(focal_client, report)
    draft = draft_of(report, "preparation")
    _save(focal_client, draft, "Consultations were held in Amman.", 0, language="ar")

    response = focal_client.get(f"/en/review/sections/{draft.pk}/")

    html = response.content.decode()
    assert "Consultations were held in Amman.</textarea>" in html
    assert re.search(r'name="base_revision" value="1"', html)
    assert re.search(r'<option value="ar" selected>', html)
    assert "Preparation of the review" in html  # the template section's title and guidance
    assert "Which institutions coordinated the review?" in html


def test_the_save_message_is_shown(focal_client, report):
    _start(focal_client, report)
    draft = draft_of(report, "preparation")

    response = _save(focal_client, draft, "Text.", 0, follow=True)

    assert "The section has been saved." in _messages(response)


def test_the_history_shows_every_revision_with_the_words_that_changed(
    focal_client, report, focal_point
):
    _start(focal_client, report)
    draft = draft_of(report, "preparation")
    _save(focal_client, draft, "The Ministry of Labour led the review.", 0)
    _save(focal_client, draft, "The Ministry of Interior led the review.", 1)

    response = focal_client.get(f"/en/review/sections/{draft.pk}/history/")

    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Revision 2") < html.index("Revision 1")  # newest first
    assert "<del>Labour</del> <ins>Interior</ins>" in html
    # The first revision is compared with the empty section: every word was added.
    assert "<ins>The Ministry of Labour led the review.</ins>" in html
    assert html.count("Amal Haddad") == 2


def test_the_history_escapes_what_was_written(focal_client, report):
    _start(focal_client, report)
    draft = draft_of(report, "preparation")
    _save(focal_client, draft, "Before <b>bold</b>", 0)
    _save(focal_client, draft, "After <script>alert(1)</script>", 1)

    html = focal_client.get(f"/en/review/sections/{draft.pk}/history/").content.decode()

    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_restoring_an_earlier_revision_makes_it_the_newest(focal_client, report, focal_point):
    _start(focal_client, report)
    draft = draft_of(report, "preparation")
    _save(focal_client, draft, "The Ministry of Labour led the review.", 0)
    _save(focal_client, draft, "The Ministry of Interior led the review.", 1)
    first = draft.revisions.get(number=1)

    response = focal_client.post(f"/en/review/revisions/{first.pk}/restore/", follow=True)

    assert response.redirect_chain == [(f"/en/review/sections/{draft.pk}/", 302)]
    assert "The earlier text has been restored as a new revision." in _messages(response)
    draft.refresh_from_db()
    assert (draft.text, draft.revision) == ("The Ministry of Labour led the review.", 3)
    assert _revisions(draft)[-1] == (
        3,
        "The Ministry of Labour led the review.",
        focal_point.email,
        False,
    )


def test_autosave_answers_with_the_new_revision_number(focal_client, report, focal_point):
    _start(focal_client, report)
    draft = draft_of(report, "policy_environment")

    response = _autosave(focal_client, draft, "A national migration strategy, 2021.", 0)

    assert response.status_code == 200
    assert 'data-revision="1"' in response.content.decode()
    assert _revisions(draft) == [
        (1, "A national migration strategy, 2021.", focal_point.email, True)
    ]


def test_autosave_of_unchanged_text_writes_no_revision(focal_client, report):
    _start(focal_client, report)
    draft = draft_of(report, "policy_environment")
    _autosave(focal_client, draft, "Line one.\nLine two.", 0)

    # The browser sends CRLF line ends: the same text, so nothing new.
    response = _autosave(focal_client, draft, "Line one.\r\nLine two.", 1)

    assert response.status_code == 200
    assert 'data-revision="1"' in response.content.decode()
    assert len(_revisions(draft)) == 1
    draft.refresh_from_db()
    assert (draft.text, draft.revision) == ("Line one.\nLine two.", 1)


def test_saving_unchanged_text_writes_no_revision(focal_client, report):
    _start(focal_client, report)
    draft = draft_of(report, "policy_environment")
    _save(focal_client, draft, "Same.", 0)

    _save(focal_client, draft, "Same.", 1)

    assert len(_revisions(draft)) == 1


def test_an_incomplete_autosave_is_refused(focal_client, report):
    _start(focal_client, report)
    draft = draft_of(report, "policy_environment")

    response = focal_client.post(
        f"/en/review/sections/{draft.pk}/autosave/", {"text": "Something."}
    )

    assert response.status_code == 400
    assert "Not saved: the form is incomplete." in response.content.decode()
    assert _revisions(draft) == []


def test_preview_shows_the_rendered_text_and_saves_nothing(focal_client, report):
    _start(focal_client, report)
    draft = draft_of(report, "next_steps")

    response = _save(focal_client, draft, "**Priorities** for 2022", 0, action="preview")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>Priorities</strong> for 2022" in html
    assert "**Priorities** for 2022</textarea>" in html
    assert _revisions(draft) == []
    preview = focal_client.post(
        f"/en/review/sections/{draft.pk}/preview/", {"text": "*Data* <script>x()</script>"}
    )
    assert preview.content.decode() == "<p><em>Data</em> </p>"


# --- Two focal points on the same section ----------------------------------------------------


@pytest.fixture
def both_open(client, report, focal_point, second_focal_point):
    """Both of Jordan's focal points have the preparation section open, at revision 0."""
    client.force_login(focal_point)
    _start(client, report)
    draft = draft_of(report, "preparation")
    for person in (focal_point, second_focal_point):
        client.force_login(person)
        page = client.get(f"/en/review/sections/{draft.pk}/").content.decode()
        assert 'name="base_revision" value="0"' in page
    return draft


def test_the_second_save_on_a_stale_revision_shows_both_texts_and_overwrites_nothing(
    client, both_open, focal_point, second_focal_point
):
    draft = both_open
    client.force_login(focal_point)
    _save(client, draft, "Amal's text: the Ministry of Labour coordinated.", 0)
    client.force_login(second_focal_point)

    response = _save(client, draft, "Omar's text: an inter-ministerial committee.", 0)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved this section while you were writing." in html
    assert "Their text (revision 1, Amal Haddad)" in html
    assert (
        '<pre class="conflict-text" dir="auto">'
        "Amal&#x27;s text: the Ministry of Labour coordinated.</pre>"
    ) in html
    assert "Omar&#x27;s text: an inter-ministerial committee.</textarea>" in html
    assert 'name="base_revision" value="1"' in html  # the next save builds on their revision
    draft.refresh_from_db()
    assert (draft.text, draft.revision, draft.updated_by) == (
        "Amal's text: the Ministry of Labour coordinated.",
        1,
        focal_point,
    )
    assert len(_revisions(draft)) == 1


def test_after_the_conflict_the_merged_text_is_saved_as_the_next_revision(
    client, both_open, focal_point, second_focal_point
):
    draft = both_open
    client.force_login(focal_point)
    _save(client, draft, "The Ministry of Labour coordinated.", 0)
    client.force_login(second_focal_point)
    _save(client, draft, "An inter-ministerial committee met.", 0)
    merged = "The Ministry of Labour coordinated. An inter-ministerial committee met."

    response = _save(client, draft, merged, 1)

    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.text, draft.revision, draft.updated_by) == (merged, 2, second_focal_point)
    assert _revisions(draft) == [
        (1, "The Ministry of Labour coordinated.", focal_point.email, False),
        (2, merged, second_focal_point.email, False),
    ]


def test_a_stale_autosave_is_refused_with_409(client, both_open, focal_point, second_focal_point):
    draft = both_open
    client.force_login(focal_point)
    _autosave(client, draft, "Amal's text.", 0)
    client.force_login(second_focal_point)

    response = _autosave(client, draft, "Omar's text.", 0)

    assert response.status_code == 409
    assert "someone else saved this section meanwhile" in response.content.decode()
    draft.refresh_from_db()
    assert (draft.text, draft.revision) == ("Amal's text.", 1)
    assert _revisions(draft) == [(1, "Amal's text.", focal_point.email, True)]


def test_a_review_without_its_template_cannot_be_started_yet(client, bare_cycle, focal_point):
    """A cycle opened on the set-up page has no template until the secretariat adds one."""
    client.force_login(focal_point)
    report = client.get("/en/review/my-report/")
    pk = int(report["Location"].rstrip("/").rsplit("/", 1)[1])

    response = client.post(f"/en/review/reports/{pk}/start/", follow=True)

    assert response.redirect_chain == [(f"/en/review/reports/{pk}/", 302)]
    assert "This review has no template for national reports yet." in _messages(response)
    assert NationalReport.objects.get(pk=pk).versions.count() == 0
