from cms.apps import check_app_order


def test_the_settings_put_cms_before_wagtail_admin():
    assert check_app_order() == []


def test_wagtail_admin_before_cms_is_refused_at_startup():
    from django.conf import settings

    apps = [a for a in settings.INSTALLED_APPS if a != "cms"]
    apps.insert(apps.index("wagtail.admin") + 1, "cms")
    errors = check_app_order(installed=apps)
    assert [e.id for e in errors] == ["cms.E001"]
