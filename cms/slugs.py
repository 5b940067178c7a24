"""Swedish slugs: `forum-civilsamhalle`, never `forum-civilsamh%C3%A4lle`.

Swedish public sites write å and ä as a and ö as o in addresses. The admin's
own slug field does so in the browser (WAGTAIL_ALLOW_UNICODE_SLUGS = False);
``page_slug_normalise`` does it on the server too, for a slug typed by hand or
sent without JavaScript. Transliteration is python-slugify's (text-unidecode).
"""

from slugify import slugify


def swedish_slug(text: str) -> str:
    """``"Forum civilsamhälle – Öar"`` → ``"forum-civilsamhalle-oar"``."""
    return slugify(text, max_length=255)


def page_slug_normalise(request, *args, **kwargs) -> None:
    """Wagtail hook (create, edit, copy): make a posted slug an ASCII Swedish slug first."""
    if request.method != "POST":
        return
    for name in ("slug", "new_slug"):
        value = request.POST.get(name)
        if value and not value.isascii():
            request.POST = request.POST.copy()
            request.POST[name] = swedish_slug(value)
