"""The sanitiser and the front matter filter, case by case and as a property."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mbtool.site.pagemeta import safe_meta
from mbtool.site.sanitize import clean_fragment, guard_page, is_script_url, unsafe_parts
from tests.hostile.test_site_safety import problems_in


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "&#106;avascript:alert(1)",
        "&#x6A;avascript:alert(1)",
        "&#106avascript:alert(1)",
        "java\nscript:alert(1)",
        "java&Tab;script:alert(1)",
        "  \x01javascript:alert(1)",
        "javascript&colon;alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html,<script>alert(1)</script>",
        "a.png 1x, javascript:alert(1) 2x",
    ],
)
def test_script_urls_are_recognised_however_they_are_written(url: str) -> None:
    assert is_script_url(url)


@pytest.mark.parametrize(
    "url", ["https://example.org/x", "../page/", "#anchor", "mailto:a@b.c", "metadata:x"]
)
def test_ordinary_urls_are_kept(url: str) -> None:
    assert not is_script_url(url)


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ('<a href="&#106;avascript:alert(1)">x</a>', "<a>x</a>"),
        ("<img src=x onerror=alert(1)>", '<img src="x">'),
        ("<!--> <img src=x onerror=alert(1)> -->", ""),
        ("<![CDATA[ x > <img src=x onerror=alert(1)> ]]>", ""),
        ("<p>x < y &amp; <b>bold</b></p>", "<p>x &lt; y &amp; <b>bold</b></p>"),
        ('<a/href="javascript:alert(1)">x</a>', "<a>x</a>"),
        ('<div title="x" title="y" onclick="a">z</div>', '<div title="x">z</div>'),
        ("<scr<script>ipt>alert(1)</script>", "ipt&gt;alert(1)"),
        ("<svg><style><img src=x onerror=alert(1)></style></svg>", "<svg></svg>"),
        ("<svg><animate attributeName=href values=javascript:alert(1) /></svg>", "<svg></svg>"),
        (
            '<svg><a xlink:href="JAVASCRIPT:x"><title>t&lt;</title></a></svg>',
            "<svg><a><title>t&lt;</title></a></svg>",
        ),
        ('<iframe srcdoc="<script>alert(1)</script>"></iframe>after', "after"),
        ("<math><a href=javascript:alert(1)>m</a></math>", "<math><a>m</a></math>"),
        ('<p style="background:url(javascript:alert(1))">s</p>', "<p>s</p>"),
        ("<title><p title='</title><img src=x onerror=alert(1)>'>", '<img src="x">\'&gt;'),
    ],
)
def test_clean_fragment(fragment: str, expected: str) -> None:
    assert clean_fragment(fragment) == expected


def test_noscript_cannot_smuggle_markup_past_the_parser() -> None:
    cleaned = clean_fragment('<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>')
    assert problems_in(cleaned) == []
    assert "onerror" not in cleaned


def test_the_theme_page_keeps_its_scripts_and_loses_event_attributes() -> None:
    page = (
        '<!doctype html><html><head><base href="//evil"><meta http-equiv="refresh" content="0">'
        '<script>var a = 1 < 2 && b;</script><script src="assets/javascripts/bundle.js"></script></head>'
        '<body><a href="javascript:void(0)" class="x">s</a><p onclick="x">&amp; &nbsp;</p>'
        "<!-- c --></body></html>"
    )
    guarded = guard_page(page)
    assert "<script>var a = 1 < 2 && b;</script>" in guarded
    assert '<script src="assets/javascripts/bundle.js"></script>' in guarded
    assert "<base" not in guarded and "refresh" not in guarded
    assert '<a class="x">s</a><p>&amp; &nbsp;</p><!-- c -->' in guarded


def test_svg_images_are_judged_as_they_are() -> None:
    assert unsafe_parts('<svg xmlns="http://www.w3.org/2000/svg"><rect/><style>r{}</style></svg>') == []
    assert unsafe_parts("<svg onload=1/>") == ["event attribute `onload`"]
    assert unsafe_parts('<!DOCTYPE svg [<!ENTITY x "&#60;script&#62;">]><svg>&x;</svg>')
    assert unsafe_parts('<?xml-stylesheet type="text/xsl" href="x.xsl"?><svg/>')


TAGS = st.sampled_from(
    ["a", "img", "svg", "p", "script", "style", "title", "noscript", "math", "iframe", "b"]
)
ATTRS = st.sampled_from(["href", "src", "onclick", "onerror", "xlink:href", "title", "style", "srcset"])
VALUES = st.sampled_from(
    ["javascript:alert(1)", "x", "&#106;avascript:1", "java\tscript:1", "data:x", '"><img src onerror=1>', ""]
)
PIECES = st.one_of(
    st.builds(lambda t, a, v: f'<{t} {a}="{v}">', TAGS, ATTRS, VALUES),
    st.builds(lambda t, a, v: f"<{t} {a}={v}>", TAGS, ATTRS, VALUES),
    st.builds(lambda t: f"</{t}>", TAGS),
    st.sampled_from(["<!--", "-->", "<!-->", "<![CDATA[", "]]>", "<", ">", "&", "'", '"', "<?x", "text"]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=25).map("".join))
def test_cleaned_markup_never_holds_anything_that_runs(fragment: str) -> None:
    cleaned = clean_fragment(fragment)
    assert [p for p in problems_in(cleaned) if "inside <title>" not in p] == []
    assert "<script" not in cleaned.lower()
    assert clean_fragment(cleaned) == cleaned


def test_front_matter_keeps_only_what_a_theme_prints_safely() -> None:
    meta = {
        "title": "<b>x</b>",
        "description": '"><script>',
        "status": '"><img>',
        "icon": "../../etc/passwd",
        "template": "redirect.html",
        "location": "javascript:alert(1)",
        "hide": ["toc", "<x>"],
        "search": {"boost": 2, "exclude": "yes"},
        "draft": True,
        "weight": 3,
        1: "not a string key",
    }
    safe = safe_meta(meta, icon_exists=lambda icon: icon == "material/home")
    assert safe == {
        "title": "&lt;b&gt;x&lt;/b&gt;",
        "description": "&quot;&gt;&lt;script&gt;",
        "hide": ["toc"],
        "search": {"boost": 2},
        "draft": True,
        "weight": 3,
    }
    assert safe_meta({"icon": "material/home", "status": "new"}, lambda icon: True) == {
        "icon": "material/home",
        "status": "new",
    }
