"""The Django admin opens for the admin personas, with what their groups allow, and for nobody else."""

from __future__ import annotations


def test_a_talent_admin_without_staff_status_manages_taxonomy_roles_and_people(org):
    assert not org.talent_admin.is_staff
    c = org.client(org.talent_admin)
    page = c.get("/admin/")
    assert page.status_code == 200
    for link in ("/admin/skills/skill/", "/admin/roles/role/", "/admin/people/department/", "/admin/marketplace/opportunity/"):
        assert link in page.content.decode()
    assert c.get("/admin/skills/skill/add/").status_code == 200
    assert c.get("/admin/auth/user/").status_code == 403


def test_an_lod_admin_manages_the_taxonomy_only(org):
    c = org.client(org.lod_admin)
    page = c.get("/admin/").content.decode()
    assert "/admin/skills/skill/" in page
    assert "/admin/people/employee/" not in page
    assert c.get("/admin/people/employee/").status_code == 403


def test_employees_managers_owners_and_the_outsider_are_sent_to_the_admin_sign_in(org):
    for who in (org.employee, org.manager, org.owner, org.outsider):
        response = org.client(who).get("/admin/")
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
