import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

ROOT = Path(__file__).resolve().parents[2]


def _counts():
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label
        in {"cms", "idelabbet", "forum", "wagtailcore", "auth", "wagtailimages", "wagtaildocs"}
        and model._meta.label not in {"wagtailcore.PageLogEntry", "wagtailcore.ModelLogEntry"}
        and model._meta.managed  # a permission carrier without a table (TwoFactorRequirement)
    }


@pytest.mark.django_db
def test_demo_command_run_twice_gives_the_same_counts():
    out = io.StringIO()
    call_command("load_demo", allow_production=True, stdout=out)
    first = _counts()
    call_command("load_demo", allow_production=True, stdout=io.StringIO())
    assert _counts() == first
    # Swedish and English for both sites, Arabic for Ekerö (cms/demo/translations.py).
    assert first["cms.HomePage"] == 5
    text = out.getvalue()
    assert "[1/" in text  # progress
    assert "coach.anna" in text  # the demo logins are printed


@pytest.mark.django_db
def test_demo_command_refuses_without_debug_unless_asked():
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo", stdout=io.StringIO())


def _run_django(args, env_overrides):
    # Only the documented environment: nothing the test process itself set.
    dropped = {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_without_secret_key_fail_with_a_clear_message():
    result = _run_django(
        ["check"],
        {"DJANGO_SETTINGS_MODULE": "cms.settings.production", "ALLOWED_HOSTS": "example.se"},
    )
    assert result.returncode != 0
    assert "SECRET_KEY saknas" in result.stderr


def test_check_deploy_with_documented_environment_prints_no_warnings():
    result = _run_django(
        ["check", "--deploy", "--fail-level", "WARNING"],
        {
            "DJANGO_SETTINGS_MODULE": "cms.settings.production",
            "SECRET_KEY": "k" * 20 + "-Vx9#q2LmT7zR!pW4sN8bE6yH3jD5fG1cA0uK",
            "ALLOWED_HOSTS": "idelabbet.ekero.se,forum.jonkoping.se",
        },
    )
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr.upper() + result.stdout.upper()
