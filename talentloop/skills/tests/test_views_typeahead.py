"""The taxonomy typeahead: <option>s for the skill inputs' shared <datalist>, matched by label, slug or alias."""

from django.test import Client

from talentloop.testing import factories as f


def _options(client, q):
    response = client.get("/skills/typeahead/", {"q": q})
    assert response.status_code == 200
    return response.text


def test_it_offers_skills_whose_label_matches_label_prefixes_first(org):
    f.SkillFactory(slug="jupyter", label="Jupyter notebooks (Python)")
    f.SkillFactory(slug="pytorch", label="PyTorch")
    html = _options(org.client(org.employee), "py")
    prefix_matches = [html.index('value="PyTorch"'), html.index('value="Python"')]
    assert max(prefix_matches) < html.index('value="Jupyter notebooks (Python)"')
    assert "<option" in html and "<html" not in html


def test_it_offers_a_skill_by_one_of_its_aliases_and_says_which(org):
    k8s = f.SkillFactory(slug="kubernetes", label="Kubernetes")
    f.SkillAliasFactory(skill=k8s, alias="k8s")
    html = _options(org.client(org.employee), "K8")
    assert '<option value="Kubernetes">also called k8s</option>' in html


def test_it_offers_nothing_for_no_match_or_an_empty_query(org):
    client = org.client(org.employee)
    assert "<option" not in _options(client, "zzz")
    assert "<option" not in _options(client, "   ")


def test_it_leaves_retired_skills_out_and_caps_the_list(org):
    f.SkillFactory(slug="flash", label="Adobe Flash", is_active=False)
    for i in range(20):
        f.SkillFactory(slug=f"data-{i}", label=f"Data skill {i:02d}")
    client = org.client(org.employee)
    assert "Adobe Flash" not in _options(client, "flash")
    assert _options(client, "data skill").count("<option") == 12


def test_it_answers_signed_in_people_only(org, django_assert_max_num_queries):
    assert Client().get("/skills/typeahead/?q=py").status_code == 302
    client = org.client(org.employee)
    with django_assert_max_num_queries(5):
        client.get("/skills/typeahead/?q=py")
