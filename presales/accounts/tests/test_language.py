"""The language of the pages: the organisation's (LANGUAGE_CODE) for a logged-in user unless
he chose his own on his profile; the browser's only before log-in."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from presales.accounts.models import LanguageChoice

pytestmark = pytest.mark.django_db

ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}
CHINESE_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "zh-CN,zh;q=0.9"}


def _logged_in(user, **headers) -> Client:
    client = Client(**headers)
    client.force_login(user)
    return client


def test_an_english_browser_without_a_choice_reads_the_organisations_chinese(rep):
    response = _logged_in(rep, **ENGLISH_BROWSER).get(reverse("home"))

    assert response.status_code == 200
    assert response["Content-Language"] == "zh-hans"
    assert '<html lang="zh-hans"' in response.content.decode()


def test_the_organisation_default_is_a_setting(rep, settings):
    settings.LANGUAGE_CODE = "en"

    response = _logged_in(rep, **CHINESE_BROWSER).get(reverse("home"))

    assert response["Content-Language"] == "en"


def test_a_user_who_chose_english_reads_english_whatever_his_browser(rep):
    rep.language = LanguageChoice.ENGLISH
    rep.save(update_fields=["language"])

    response = _logged_in(rep, **CHINESE_BROWSER).get(reverse("home"))

    assert response["Content-Language"] == "en"
    assert "My approvals" in response.content.decode()


def test_the_login_page_follows_the_browser(db):
    english = Client(**ENGLISH_BROWSER).get(reverse("login"))
    chinese = Client(**CHINESE_BROWSER).get(reverse("login"))

    assert english["Content-Language"] == "en"
    assert chinese["Content-Language"] == "zh-hans"


def test_the_profile_page_keeps_the_choice(rep):
    client = _logged_in(rep, **ENGLISH_BROWSER)
    page = client.get(reverse("profile"))
    assert page.status_code == 200
    assert 'name="profile-language"' in page.content.decode()

    response = client.post(reverse("profile"), {"profile-language": "en"})

    assert response.status_code == 302
    rep.refresh_from_db()
    assert rep.language == "en"
    assert client.get(reverse("home"))["Content-Language"] == "en"

    client.post(reverse("profile"), {"profile-language": ""})  # back to the organisation's
    rep.refresh_from_db()
    assert rep.language == ""
    assert client.get(reverse("home"))["Content-Language"] == "zh-hans"


def test_the_navbar_switch_saves_on_the_profile_and_returns(rep):
    client = _logged_in(rep)
    target = reverse("customers:list")

    response = client.post(reverse("profile"), {"profile-language": "en", "next": target})

    assert response.status_code == 302 and response["Location"] == target
    rep.refresh_from_db()
    assert rep.language == "en"


def test_a_crafted_language_is_refused_with_400_not_500(rep):
    client = _logged_in(rep)

    response = client.post(reverse("profile"), {"profile-language": "xx" * 20, "next": "https://evil.example/"})

    assert response.status_code in (200, 400)
    rep.refresh_from_db()
    assert rep.language == ""


def test_an_outside_next_is_not_followed(rep):
    client = _logged_in(rep)

    response = client.post(reverse("profile"), {"profile-language": "en", "next": "https://evil.example/"})

    assert response["Location"] == reverse("profile")
