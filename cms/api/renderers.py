"""CSV for the read API (``?format=csv``): the listing's items as rows.

Nested values are flattened (``meta.html_url``); lists of objects are written
as JSON text in one cell. Cells that would start a formula are neutralised by
Idélabbet's spreadsheet rule (one source for it).
"""

import csv
import io
import json

from rest_framework.renderers import BaseRenderer

from idelabbet.reporting.spreadsheet import spreadsheet_safe


def _flatten(item: dict, prefix: str = "") -> dict:
    flat = {}
    for key, value in item.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, prefix=f"{name}."))
        elif isinstance(value, list):
            if all(isinstance(v, str | int | float) for v in value):
                flat[name] = ";".join(str(v) for v in value)
            else:
                flat[name] = json.dumps(value, ensure_ascii=False)
        else:
            flat[name] = "" if value is None else value
    return flat


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if not isinstance(data, dict):
            return b""
        if "items" in data:
            rows = [_flatten(item) for item in data["items"]]
        elif "message" in data and len(data) == 1:
            rows = [{"message": data["message"]}]
        else:
            rows = [_flatten(data)]
        columns: list[str] = []
        for row in rows:
            columns += [key for key in row if key not in columns]
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([spreadsheet_safe(row.get(column, "")) for column in columns])
        return out.getvalue().encode(self.charset)
