"""R-HM-08 printed: the board 妇女工作情况介绍 as an A1 or A0 poster PDF with annex 6's
text and the home's figures (pdftotext, pdfinfo); a bad size answers 400, out of scope 404."""

import re
import subprocess

import pytest
from django.urls import reverse

from lvzhi.core.tests.office_asserts import pdf_page_size, pdf_text
from lvzhi.homes import poster, rules

pytestmark = pytest.mark.django_db

MM = 72 / 25.4


def test_board_text_fills_annex_6():
    title, (first, second) = rules.board_text(
        "新河一社区妇联",
        {"women_total": 120, "women_left_behind": 8, "chair": 1, "vice_chairs": 2, "members": 4},
    )
    assert title == "新河一社区妇女工作情况介绍"
    assert first.startswith("新河一社区有妇女120人，其中留守妇女8人、困难妇女____人")
    assert second.startswith("新河一社区妇联有执委7人，其中主席1人、副主席2人")
    assert "每位执委至少联系1个妇女小组和微家、10名妇女群众" in second
    _, (_, partial) = rules.board_text("某村妇联", {"chair": 1})
    assert partial.startswith("某村妇联有执委____人")


@pytest.mark.parametrize("size", ["A1", "A0"])
def test_poster_pdf(client, cadre, homes, tmp_path, size):
    assert poster.poster_available(), "WeasyPrint 或 fonts-noto-cjk 未安装（见 README）"
    home = homes["xinhe_1"]
    client.force_login(cadre)
    url = reverse("homes:board-poster", args=[home.pk])
    client.post(reverse("homes:board-figures", args=[home.pk]), {"volunteers": "37"})
    response = client.get(url, {"size": size})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    path = tmp_path / "board.pdf"
    path.write_bytes(response.content)
    width, height = rules.POSTER_SIZES[size]
    w, h = pdf_page_size(path)
    assert abs(w - width * MM) < 2 and abs(h - height * MM) < 2
    text = "".join(pdf_text(path).split())
    assert "新河一社区妇女工作情况介绍" in text
    assert "有巾帼志愿者37人" in text and "新河一社区妇女之家" in text
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True)
    assert re.search(r"Pages:\s+1\n", info.stdout)  # one sheet


def test_poster_bad_size_and_scope(client, cadre, homes, make_user, org_tree):
    client.force_login(cadre)
    url = reverse("homes:board-poster", args=[homes["xinhe_1"].pk])
    assert client.get(url, {"size": "A4"}).status_code == 400
    assert client.get(reverse("homes:board-poster", args=[homes["dagu_1"].pk])).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # login first


def test_poster_unavailable(client, cadre, homes, monkeypatch):
    monkeypatch.setattr(poster, "poster_available", lambda: False)
    client.force_login(cadre)
    response = client.get(reverse("homes:board-poster", args=[homes["xinhe_1"].pk]))
    assert response.status_code == 503 and "WeasyPrint" in response.content.decode()
