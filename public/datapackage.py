"""The Frictionless Data Package (datapackage.json) describing the open data files.

Every field of every Table Schema comes from the column lists in public.opendata, so a column added there is
described here with no second edit. Paths are relative to the descriptor's address (/data/), as the Data
Package specification allows, so the package also works from an English address or a local copy.
"""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from public import opendata

DATASETS = opendata.DATASETS
# The variants of each CSV: resource name, file name, encoding and delimiter (Table Dialect).
VARIANTS = [
    ("{dataset}", opendata.FILE_NAMES["csv"], "utf-8", ","),
    ("{dataset}-excel", opendata.FILE_NAMES["excel"], "utf-8-sig", opendata.EXCEL_DELIMITER),
]


def field_of(column):
    field = {"name": column.name, "type": column.type, "description": str(column.description)}
    if column.format != "default":
        field["format"] = column.format
    if column.constraints:
        field["constraints"] = dict(column.constraints)
    return field


def table_schema(dataset, resource_name):
    """The Table Schema of ``dataset``; foreign keys point into the same variant (``resource_name``)."""
    foreign_keys = []
    for field, target, target_field in opendata.FOREIGN_KEYS[dataset]:
        target_name = resource_name.replace(dataset, target, 1)
        # The specification names the resource itself by an empty string.
        reference = "" if target_name == resource_name else target_name
        foreign_keys.append({"fields": field, "reference": {"resource": reference, "fields": target_field}})
    return {
        "fields": [field_of(column) for column in opendata.COLUMNS[dataset]],
        # An empty cell means "not recorded" (the /data/ page says so).
        "missingValues": [""],
        "primaryKey": opendata.PRIMARY_KEYS[dataset],
        "foreignKeys": foreign_keys,
    }


def resources():
    for dataset in DATASETS:
        for name, path, encoding, delimiter in VARIANTS:
            name, path = name.format(dataset=dataset), path.format(dataset=dataset)
            yield {
                "name": name,
                "path": path,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": encoding,
                "dialect": {"delimiter": delimiter, "header": True},
                "schema": table_schema(dataset, name),
            }


def data_package(generated_at, office=None):
    """The descriptor, as a dict; ``generated_at`` is when the files were built (their update time), None for
    an office's, read when asked for. An office's names the office: packages of two offices are told apart."""
    package = {
        "profile": "tabular-data-package",
        "name": "kpu-coop" if office is None else f"kpu-coop-{office.slug}",
        "title": (
            _("Cooperation agreements of KPU offices")
            if office is None
            else _("Cooperation agreements of %(office)s") % {"office": office.name}
        ),
        "description": _(
            "Published cooperation agreements (MoU, PKS, addenda) between KPU offices and government "
            "agencies, the commitments in them, their public documents and every move of a commitment's due "
            "date. Each CSV file has an Excel variant (UTF-8 with BOM, semicolons)."
        ),
        "licenses": [
            {
                "name": settings.OPEN_DATA_LICENSE,
                "path": settings.OPEN_DATA_LICENSE_URL,
                "title": settings.OPEN_DATA_LICENSE_TITLE,
            }
        ],
        "contributors": [{"title": settings.OPEN_DATA_PUBLISHER, "role": "publisher"}],
        "resources": list(resources()),
    }
    if generated_at is not None:
        package["created"] = timezone.localtime(generated_at).isoformat()
    return package
