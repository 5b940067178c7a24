"""The rule that keeps a spreadsheet cell from running as a formula (CSV injection).

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is read as a formula by Excel and LibreOffice: a citizen could plant
``=HYPERLINK(...)`` in an idea's title. Such text gets a leading apostrophe,
which spreadsheets show as text and hide. Wagtail's own export already keeps
formulas out of XLSX cells; CSV needs this. The host's statistics CSV uses
the same rule (one source).
"""

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """``value`` as it may go into a CSV cell: text that would start a formula is neutralised."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value
