"""The languages of the public sites: which a municipality offers, and URLs that carry them.

- ``codes``: the install's languages (settings.LANGUAGES) and the language in a URL;
- ``selectors.site_languages`` / ``services.site_languages_set``: a municipality's choice
  (Inställningar → Språk, ``cms.models.LanguageSettings``), Swedish always on;
- ``middleware.UrlLanguageMiddleware``: the language comes from the URL only;
- ``urls``: the same page in another language, absolute language-prefixed links;
- ``sync``: translation trees kept in sync, translations out of date, workflows.
"""
