"""Last demo step: rebuild the search catalog from everything loaded before it.

The rebuild asks for the text of every file; the demo reads it at once (as
the worker would) so the demo's files are findable without a running worker.
"""

from search.files.services import file_texts_extract_pending
from search.services import catalog_drain, catalog_rebuild


def load(sites) -> str:
    count = catalog_rebuild()
    files = file_texts_extract_pending()
    catalog_drain()
    return f"{count} poster i sökkatalogen, text läst ur {files} filer"
