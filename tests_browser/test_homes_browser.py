"""妇女之家 in the browser: a village chair runs the six-standard self-assessment with
photos, the township returns one part with a reason, she fixes it, the district
designates (R-HM-01/02); on a phone (390×844) a woman opens an activity's rating form
from its QR link, rates it, and the rating shows on the home's public page."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from lvzhi.homes import rules
from lvzhi.homes.activities import services as activities
from lvzhi.homes.assessments import services as assessments
from lvzhi.homes.models import Assessment, Designation, Home, Rating
from lvzhi.homes.tests.conftest import add_home

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def jpeg_file(path, colour=(200, 90, 90)):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), colour).save(buffer, "JPEG")
    if path is None:
        return SimpleUploadedFile("p.jpg", buffer.getvalue(), content_type="image/jpeg")
    path.write_bytes(buffer.getvalue())
    return str(path)


def session(browser, live_server, username, **extra):
    context = browser.new_context(locale="zh-CN", base_url=live_server.url, **extra)
    page = context.new_page()
    page.set_default_timeout(15_000)
    login(page, username)
    return context, page


def test_assessment_returned_fixed_and_designated(
    browser, live_server, org_tree, make_user, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    home = add_home(org_tree.xinhe_1, "新河一社区妇女之家")
    village = make_user("cun", "cadre", org_tree.xinhe_1)
    make_user("jiedao", "cadre", org_tree.xinhe)
    make_user("quxian", "cadre", org_tree.district)
    photo = jpeg_file(tmp_path / "rota.jpg")

    context, page = session(browser, live_server, "cun")
    page.goto(reverse("homes:assessments", args=[home.pk]))
    with page.expect_navigation():
        page.click("#assessment-start")
    assessment = Assessment.objects.get()
    # the parts but the last two are seeded; she does the last two in the browser
    for code in rules.part_codes()[:-2]:
        assessments.part_record(
            actor=village,
            assessment=Assessment.objects.get(pk=assessment.pk),
            code=code,
            met=True,
            evidence=[jpeg_file(None)],
        )
    page.reload()
    for code in rules.part_codes()[-2:]:
        form = page.locator(f"#part-form-{code}")
        form.locator("select[name=met]").select_option("yes")
        form.locator("input[name=note]").fill("已落实")
        form.locator("input[type=file]").set_input_files(photo)
        with page.expect_navigation():
            form.locator("button").click()
        expect(page.locator(f"#part-{code} img.evidence-photo")).to_have_count(1)
    with page.expect_navigation():
        page.click("#assessment-submit")
    expect(page.locator("#assessment-status")).to_have_text("乡镇（街道）妇联审核")
    context.close()

    context, page = session(browser, live_server, "jiedao")
    page.goto(reverse("homes:assessment", args=[assessment.pk]))
    for code in rules.part_codes():
        page.select_option(f"#id_review_{code}", "agreed")
    page.select_option("#id_review_rota", "returned")
    page.fill("#id_reason_rota", "值班表照片看不清")
    with page.expect_navigation():
        page.click("#review-submit")
    expect(page.locator("#assessment-status")).to_have_text("村（社区）妇联自评")
    context.close()

    context, page = session(browser, live_server, "cun")
    page.goto(reverse("homes:assessment", args=[assessment.pk]))
    expect(page.locator("#part-rota .part-returned")).to_contain_text("值班表照片看不清")
    form = page.locator("#part-form-rota")
    form.locator("input[name=note]").fill("已重新拍摄")
    form.locator("input[type=file]").set_input_files(
        jpeg_file(tmp_path / "rota2.jpg", (90, 90, 200))
    )
    with page.expect_navigation():
        form.locator("button").click()
    expect(page.locator("#part-rota img.evidence-photo")).to_have_count(2)
    with page.expect_navigation():
        page.click("#assessment-submit")
    context.close()

    context, page = session(browser, live_server, "jiedao")
    page.goto(reverse("homes:assessment", args=[assessment.pk]))
    for code in rules.part_codes():
        page.select_option(f"#id_review_{code}", "agreed")
    with page.expect_navigation():
        page.click("#review-submit")
    expect(page.locator("#assessment-status")).to_have_text("区县妇联命名")
    context.close()

    context, page = session(browser, live_server, "quxian")
    page.goto(reverse("homes:assessment", args=[assessment.pk]))
    page.select_option("#id_decision", "designate")
    with page.expect_navigation():
        page.click("#decide-form button[type=submit]")
    expect(page.locator("#assessment-status")).to_have_text("已命名")
    expect(page.locator("#verdicts")).to_contain_text("R-HM-02")
    context.close()
    assert Home.objects.get(pk=home.pk).designation == Designation.DESIGNATED


def test_phone_rates_an_activity_and_the_public_page_shows_it(
    browser, live_server, org_tree, make_user, settings, tmp_path, clock
):
    from django.core.cache import cache

    cache.clear()
    settings.MEDIA_ROOT = tmp_path / "media"
    clock.set(dt.date(2026, 11, 29))
    home = add_home(org_tree.xinhe_1, "新河一社区妇女之家")
    cadre = make_user("jiedao", "cadre", org_tree.xinhe)
    plan = activities.plan_create(actor=cadre, home=home, year=2026, quarter=4, content="家庭教育")
    activities.wish_add(actor=cadre, plan=plan, text="亲子沟通", source="visit")
    activities.plan_publish(actor=cadre, plan=plan)
    activity = activities.activity_create(
        actor=cadre,
        plan=plan,
        title="亲子阅读会",
        date=dt.date(2026, 11, 20),
        theme="warmth",
        content="共读绘本",
        flow="签到、共读、分享",
        participants="妈妈和孩子",
        signed_in=24,
        results="24组家庭参加",
        photos=[jpeg_file(None)],
    )
    context = browser.new_context(locale="zh-CN", base_url=live_server.url, **PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(reverse("homes:rate", args=[activity.public_key]))
    expect(page.locator("#rate-title")).to_have_text("亲子阅读会")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    page.click("label[for=score-5]")
    page.fill("#id_comment", "孩子很喜欢")
    with page.expect_navigation():
        page.click("#rating-submit")
    expect(page.locator("#rated-thanks")).to_be_visible()
    rating = page.locator(f"#activity-{activity.pk} .activity-rating")
    expect(rating).to_contain_text("5.0")
    expect(page.locator("body")).not_to_contain_text("孩子很喜欢")
    page.goto(reverse("homes:rate", args=[activity.public_key]))
    expect(page.locator("#already-rated")).to_be_visible()
    context.close()
    assert Rating.objects.get().score == 5
