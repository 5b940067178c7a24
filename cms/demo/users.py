"""Demo logins, one or two per group. Invented people; a shared demo password."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

DEMO_PASSWORD = "demo-losenord"

# username, first name, last name, groups
DEMO_USERS = [
    ("admin", "Ada", "Administratör", []),
    ("moderator.ekero", "Maja", "Lindqvist", ["Ekerö moderatorer"]),
    ("coach.anna", "Anna", "Bergström", ["Ekerö coacher"]),
    ("coach.omar", "Omar", "Haddad", ["Ekerö coacher"]),
    ("processledare.ekero", "Lena", "Sjöberg", ["Ekerö processledare", "Ekerö coacher"]),
    ("arrangor.jonkoping", "Erik", "Johansson", ["Jönköping forumarrangörer"]),
    ("arrangor2.jonkoping", "Fatima", "Ali", ["Jönköping forumarrangörer"]),
    ("moderator.jonkoping", "Karin", "Nyström", ["Jönköping moderatorer"]),
    ("webbadmin", "Sven", "Holm", ["Webbplatsadministratörer"]),
]


def load(sites) -> str:
    User = get_user_model()
    for username, first, last, groups in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@example.se",
                "is_superuser": username == "admin",
                "is_staff": username == "admin",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        user.groups.add(*Group.objects.filter(name__in=groups))
    return f"{len(DEMO_USERS)} inloggningar"


def logins() -> list[tuple[str, str]]:
    return [
        (username, ", ".join(groups) or "superanvändare") for username, _, _, groups in DEMO_USERS
    ]
