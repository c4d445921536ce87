"""Country names in Chinese as a mainland exporter's documents write them."""

import pytest
from django.utils import translation
from django_countries import countries


@pytest.mark.parametrize(
    ("code", "chinese"),
    [
        ("TW", "中国台湾"),
        ("HK", "中国香港"),
        ("MO", "中国澳门"),
        ("NP", "尼泊尔"),
        ("TJ", "塔吉克斯坦"),
        ("WS", "萨摩亚"),
        ("BA", "波斯尼亚和黑塞哥维那"),
        ("KG", "吉尔吉斯斯坦"),
    ],
)
def test_chinese_names_are_the_ones_on_a_mainland_company_s_documents(code, chinese):
    with translation.override("zh-hans"):
        assert countries.name(code) == chinese


def test_the_english_names_stay_those_of_iso_3166():
    with translation.override("en"):
        assert countries.name("TW") == "Taiwan (Province of China)"
        assert countries.name("NP") == "Nepal"
        assert countries.name("DE") == "Germany"


def test_no_chinese_name_has_stray_spaces_or_the_upstream_typos():
    with translation.override("zh-hans"):
        names = [str(name) for _code, name in countries]
    assert all(name == name.strip() for name in names)
    assert not {"尼珀尔", "塔吉克斯斯坦", "台湾", "香港", "澳门"} & set(names)
    # American Samoa and Samoa are two countries with two names.
    assert countries.name("AS") != countries.name("WS")
