"""An online consultation in Arabic: the trade unionist from Amman posts a contribution on
behalf of his union, the administrator of a legal-aid organization replies from her own
browser, and he sees her reply under his post, both reading right to left."""

import subprocess

import pytest

from tests.e2e.conftest import BIN, screenshot
from tests.e2e.test_secretariat import sign_in

pytestmark = pytest.mark.browser
SLUG = "e2e-online-consultation"
PASSWORD = "hiwar-demo-2021"
CONTRIBUTION = "نطالب بحماية حقوق العمال المهاجرين في قطاع البناء وضمان أجورهم."
REPLY = "نتفق معكم، ونضيف ضرورة تسهيل الوصول إلى العدالة للعمال المهاجرين."

MAKE_CONSULTATION = f"""
import datetime
from django.utils import timezone
from hiwar.dialogues.models import Consultation
from hiwar.framework.models import Objective
from hiwar.reviews.models import ReviewCycle
now = timezone.now()
consultation = Consultation.objects.create(
    cycle=ReviewCycle.objects.order_by("-is_current", "pk").first(),
    slug="{SLUG}",
    title_en="Online consultation before the regional review",
    title_ar="المشاورة الإلكترونية قبل الاستعراض الإقليمي",
    description_ar="شاركونا آراءكم حول تنفيذ الاتفاق العالمي في المنطقة العربية.",
    questions_ar="ما هي أولويات العمال المهاجرين؟\\nكيف يمكن تحسين الوصول إلى العدالة؟",
    opens_at=now - datetime.timedelta(hours=1),
    closes_at=now + datetime.timedelta(days=14),
)
consultation.objectives.set(Objective.objects.filter(number__in=[6, 16]))
"""


def test_a_consultation_thread_in_arabic(live_hiwar, browser):
    subprocess.run(
        [str(BIN / "hiwar"), "shell", "-c", MAKE_CONSULTATION],
        env=live_hiwar.env,
        check=True,
        capture_output=True,
    )
    page_url = f"{live_hiwar.url}/ar/dialogues/consultations/{SLUG}/"

    member_context = browser.new_context(viewport={"width": 1280, "height": 900})
    member = member_context.new_page()
    sign_in(member, live_hiwar.url, "org.member@example.org", PASSWORD)
    member.goto(page_url)
    assert member.locator("html").get_attribute("dir") == "rtl"
    assert member.locator(".consultation__questions li").count() == 2
    form = member.locator("form#contribute")
    assert form.locator("select[name=language]").input_value() == "ar"  # the page's language
    form.locator("textarea[name=text]").fill(CONTRIBUTION)
    form.locator("select[name=organization]").select_option(label="Workers House")
    form.locator("button[type=submit]").click()
    member.wait_for_load_state()
    mine = member.locator(".thread").filter(has_text=CONTRIBUTION)
    assert mine.count() == 1
    assert "Workers House" in mine.locator(".contribution__meta").first.inner_text()

    admin_context = browser.new_context(viewport={"width": 1280, "height": 900})
    admin = admin_context.new_page()
    sign_in(admin, live_hiwar.url, "org.admin@example.org", PASSWORD)
    admin.goto(page_url)
    thread = admin.locator(".thread").filter(has_text=CONTRIBUTION)
    thread.locator("details.thread__reply summary").click()
    thread.locator("details.thread__reply textarea[name=text]").fill(REPLY)
    thread.locator("details.thread__reply button[type=submit]").click()
    admin.wait_for_load_state()
    assert admin.locator(".contribution--reply").filter(has_text=REPLY).count() == 1
    admin_context.close()

    member.goto(page_url)
    mine = member.locator(".thread").filter(has_text=CONTRIBUTION)
    reply = mine.locator(".thread__replies .contribution--reply")
    assert reply.count() == 1
    assert REPLY in reply.inner_text()
    assert "Hala Organization Admin" in reply.inner_text()
    text = reply.locator(".contribution__text")
    assert (text.get_attribute("lang"), text.get_attribute("dir")) == ("ar", "rtl")
    screenshot(member, "consultation-ar")
    member_context.close()
