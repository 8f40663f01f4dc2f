"""The layout: skip link, landmarks, assets served locally, and a navigation that shows links by persona."""

import re


def _nav_links(html: str) -> list[str]:
    nav = html.split('<ul class="nav-links">')[1].split("</ul>")[0]
    return re.findall(r'<a href="[^"]+"[^>]*>([^<]+)</a>', nav)


def test_it_has_a_skip_link_landmarks_and_local_assets(org):
    html = org.client(org.employee).get("/").text
    assert '<a class="skip-link" href="#main">Skip to main content</a>' in html
    assert '<header class="site-header">' in html
    assert '<nav class="container site-nav" aria-label="Main">' in html
    assert '<main id="main" class="container" tabindex="-1">' in html
    assert 'href="/static/vendor/pico.min.css"' in html and 'src="/static/vendor/htmx.min.js"' in html
    assert "https://" not in html.split("</head>")[0]


def test_it_serves_the_css_and_javascript_itself(org):
    client = org.client(org.employee)
    for path in ["/static/vendor/pico.min.css", "/static/vendor/htmx.min.js", "/static/css/app.css", "/static/js/app.js"]:
        assert client.get(path).status_code == 200, path


def test_it_shows_each_persona_its_links(org):
    assert _nav_links(org.client(org.employee).get("/").text) == [
        "Home", "For you", "Opportunities", "My applications", "Learning", "Post an opportunity", "My profile",
    ]
    assert "My team" in _nav_links(org.client(org.manager).get("/").text)
    assert _nav_links(org.client(org.talent_admin).get("/").text) == ["Home", "My profile", "Staffing", "Analytics", "Admin"]
    assert _nav_links(org.client(org.outsider).get("/").text) == ["Home", "My profile"]


def test_it_marks_the_current_page_in_the_navigation(org):
    html = org.client(org.employee).get("/opportunities/").text
    assert '<a href="/opportunities/" aria-current="page">Opportunities</a>' in html
