"""The duty catalog in English: pages chosen through the language cookie, messages raised by
the services and the parser in the active language. Chinese stays the default, and the data
(catalog text, organization names) stays as entered."""

import re

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from lvzhi.catalog import services
from lvzhi.catalog.demo import SEEDS, load_seed_catalogs
from lvzhi.catalog.models import Catalog, CatalogVersion, DutyItem
from lvzhi.catalog.parsed import FIELD_LABELS
from lvzhi.catalog.parsing import parse_catalog

ENGLISH_LABELS = [
    "No.",
    "Name",
    "Legal basis",
    "Implementing body",
    "Scope boundaries",
    "Workflow",
    "Operating requirements",
    "Responsibilities",
    "Supervision channels",
]
CHINESE_LABELS = ["序号", "名称", *FIELD_LABELS.values()]
CJK = re.compile(r"[\u4e00-\u9fff]")
FIELD_LABEL_RE = re.compile(r'<th class="field-label"[^>]*>([^<]*)</th>')


@pytest.fixture(autouse=True)
def _default_language():
    """A request with the English cookie leaves English active in this thread: start and
    end every test in the default language."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def published(org_tree, admin_user):
    """The women's federation seed catalog (BH-FL), imported, repaired and published."""
    load_seed_catalogs(admin_user)
    return CatalogVersion.objects.get(catalog__organization=org_tree.district, status="published")


@pytest.fixture
def cadre(org_tree, make_user):
    return make_user("bh_cadre", "cadre", org_tree.district)


def _english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _item(version) -> DutyItem:
    return version.items.exclude(legal_basis="").order_by("order").first()


def _sheet_labels(body: str) -> list[str]:
    """The labels of the first information sheet on a page."""
    return FIELD_LABEL_RE.findall(body)[: len(ENGLISH_LABELS)]


# Pages ----------------------------------------------------------------------


def test_public_pages_default_to_chinese(client, published):
    listing = client.get(reverse("catalog:public")).content.decode()
    assert "全部职责目录" in listing and "项职责事项 · 第1版" in listing
    assert "All duty catalogs" not in listing and "duty items" not in listing
    item = _item(published)
    sheet = client.get(reverse("catalog:public-item", args=[item.pk])).content.decode()
    assert _sheet_labels(sheet) == CHINESE_LABELS
    assert re.search(r'id="sheet-title">（.+）信息表</h1>', sheet)
    assert "Legal basis" not in sheet and "Information sheet" not in sheet


def test_public_list_in_english(client, published):
    listing = _english(client).get(reverse("catalog:public")).content.decode()
    for text in (
        "All duty catalogs",
        "Legal basis index",
        "Search duty items",
        "duty items · version 1 · published",
    ):
        assert text in listing, text
    for text in ("全部职责目录", "法定依据索引", "项职责事项", "发布</small>"):
        assert text not in listing, text
    assert "滨海新区妇联" in listing or "天津市滨海新区妇女联合会" in listing  # data as entered


def test_public_item_in_english(client, published):
    item = _item(published)
    sheet = _english(client).get(reverse("catalog:public-item", args=[item.pk])).content.decode()
    assert _sheet_labels(sheet) == ENGLISH_LABELS
    assert f'id="sheet-title">Information sheet: {item.name}</h1>' in sheet
    for text in (
        "Main duty",
        "Print",
        "Supervision messages",
        "Look up a message by tracking code",
    ):
        assert text in sheet, text
    for text in ("打印", "凭追踪码查询留言", "信息表</h1>", ">法定依据<", ">监督方式<"):
        assert text not in sheet, text
    assert item.name in sheet  # the catalog text is not translated


def test_version_page_in_english(client, published, cadre):
    client.force_login(cadre)
    _english(client)
    body = client.get(reverse("catalog:version", args=[published.pk])).content.decode()
    assert re.search(r'id="version-status">Published<', body)
    for text in (
        "Main duties and duty items",
        "Findings",
        "Pending repairs",
        "Legal basis",
        "Implementing body",
        "Supervision channels",
        "Change history",
    ):
        assert text in body, text
    for text in ("主要职责与职责事项", "问题清单", "待处理修复", ">法定依据<", "变更记录"):
        assert text not in body, text
    assert 'id="item-count">' in body and 'id="findings-table"' in body


def test_version_page_defaults_to_chinese(client, published, cadre):
    client.force_login(cadre)
    body = client.get(reverse("catalog:version", args=[published.pk])).content.decode()
    assert re.search(r'id="version-status">已发布<', body)
    assert "主要职责与职责事项" in body and ">法定依据<" in body
    assert "Main duties and duty items" not in body and "Legal basis" not in body


def test_org_page_and_upload_in_english(client, org_tree, published, cadre):
    client.force_login(cadre)
    _english(client)
    org_page = client.get(reverse("catalog:org", args=[org_tree.district.pk])).content.decode()
    assert "Import a catalog file" in org_page and "Version 1" in org_page
    assert "导入目录文件" not in org_page
    upload = client.get(reverse("catalog:upload", args=[org_tree.district.pk])).content.decode()
    assert "Duty catalog file" in upload and "Import a duty catalog" in upload
    assert "上传并预览" not in upload and "职责目录文件" not in upload and "说明" not in upload


def test_message_form_errors_in_english(client, published):
    item = _item(published)
    url = reverse("catalog:message-send", args=[item.pk])
    page = _english(client).post(url, {"text": " ", "contact": "not a contact"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "Please enter your message" in body
    assert "Please enter a phone number or an e-mail address" in body
    assert "Name (optional)" in body and "Send message" in body
    assert "请填写留言内容" not in body and "提交留言" not in body


# Messages raised outside a request ---------------------------------------------


def test_service_errors_follow_the_active_language(published, cadre):
    catalog = Catalog.objects.get(pk=published.catalog_id)
    services.version_new_draft(actor=cadre, catalog=catalog)
    with translation.override("en"), pytest.raises(ValidationError) as english:
        services.version_new_draft(actor=cadre, catalog=catalog)
    assert english.value.messages == [
        "A draft version already exists; publish it or continue editing it"
    ]
    with pytest.raises(ValidationError) as chinese:
        services.version_new_draft(actor=cadre, catalog=catalog)
    assert chinese.value.messages == ["已有草稿版本，请先发布或继续编辑该草稿"]


def test_parser_findings_follow_the_active_language():
    data = (SEEDS / "binhai_zonggonghui.txt").read_bytes()
    with translation.override("en"):
        english = {f.code: f for f in parse_catalog(data, filename="x.txt").findings}
    chinese = {f.code: f for f in parse_catalog(data, filename="x.txt").findings}
    assert english.keys() == chinese.keys()  # codes are never translated
    shifted_en, shifted_zh = english["fields_shifted"], chinese["fields_shifted"]
    assert shifted_en.message.startswith(
        f"The information sheet of duty item {shifted_en.item_number} is shifted by one field: "
        "“Legal basis” is empty"
    )
    assert "错位了一栏：“法定依据”为空" in shifted_zh.message
    assert shifted_en.repair_fields == shifted_zh.repair_fields  # the text is not translated
    for finding in english.values():  # Chinese only inside quotes: the catalog's own text
        assert not CJK.search(re.sub(r"“[^”]*”", "", finding.message)), finding.message


def test_info_sheet_labels_are_translated():
    with translation.override("en"):
        assert [gettext(label) for label in FIELD_LABELS.values()] == ENGLISH_LABELS[2:]
        assert gettext("信息表") == "Information sheet"
    with translation.override("zh-hans"):
        assert [gettext(label) for label in FIELD_LABELS.values()] == list(FIELD_LABELS.values())
