"""Last demo step: the search synonyms, then a rebuild of the search catalog.

The rebuild asks for the text of every file; the demo reads it at once (as
the worker would) so the demo's files are findable without a running worker.
"""

from search.files.services import file_texts_extract_pending
from search.models import SearchSynonym
from search.services import catalog_drain, catalog_rebuild

# Acronyms and everyday words a municipality's visitors type for the same thing.
SYNONYMS = (
    "SFB = Socialförsäkringsbalken",
    "SoL = socialtjänstlagen",
    "LSS = lagen om stöd och service till vissa funktionshindrade",
    "IOP = idéburet offentligt partnerskap",
    "KF = kommunfullmäktige",
    "KS = kommunstyrelsen",
    "fritidsgård = ungdomsgård = fritidsklubb",
    "äldreboende = särskilt boende",
    "ideell förening = förening",
    "civilsamhälle = idéburen sektor",
)


def load(sites) -> str:
    for site in sites.values():
        for terms in SYNONYMS:
            SearchSynonym.objects.get_or_create(site=site, terms=terms)
    count = catalog_rebuild()
    files = file_texts_extract_pending()
    catalog_drain()
    return (
        f"{count} poster i sökkatalogen, text läst ur {files} filer, "
        f"{len(SYNONYMS)} synonymer per kommun"
    )
