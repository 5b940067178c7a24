"""Factories shared by every app's tests."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"anvandare{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.se")
    first_name = factory.Faker("first_name", locale="sv_SE")
    last_name = factory.Faker("last_name", locale="sv_SE")
    password = factory.PostGenerationMethodCall("set_password", "losenord-123")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*[Group.objects.get(name=name) for name in extracted])
            self.save()


def practice_index(home, model, **fields):
    """The index page a practice's onboarding created (``municipality_add``), given ``fields``."""
    index = model.objects.child_of(home).get()
    for name, value in fields.items():
        setattr(index, name, value)
    index.save_revision().publish()
    return model.objects.get(pk=index.pk)
