"""The public read API (Wagtail API v2) over both practices' published content.

Published, public pages and the forum's public snippets only: no submission,
registration, case or note is reachable from here. See ``views`` for what
each endpoint exposes, ``filters`` for the strict query checking, and the
README for example calls.
"""
