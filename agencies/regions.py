"""Indonesia's provinces, regencies and cities with their Kemendagri region codes (agencies/data/regions.csv).

The file lists the 38 provinces and 514 regencies and cities with the codes of Kepmendagri 100.1.1-6117/2022,
after the 2022 Papua split. docs/domain.md, "Offices", says where it comes from and how to refresh it.
"""

import csv
from pathlib import Path

REGIONS_CSV = Path(__file__).resolve().parent / "data" / "regions.csv"


def reference_regions(path=REGIONS_CSV):
    """The rows of the reference file, provinces first: dicts with code, name, level and parent_code."""
    with open(path, newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    for row in rows:
        row["parent_code"] = row["code"].split(".")[0] if "." in row["code"] else None
    return sorted(rows, key=lambda row: (row["parent_code"] is not None, row["code"]))


def load_regions(region_model, path=REGIONS_CSV):
    """Create or update every region of the reference file; returns (created, updated). ``region_model`` is
    passed in so migrations can use their historical model."""
    existing = {region.code: region for region in region_model.objects.all()}
    created = updated = 0
    for row in reference_regions(path):
        parent = existing.get(row["parent_code"]) if row["parent_code"] else None
        region = existing.get(row["code"])
        if region is None:
            existing[row["code"]] = region_model.objects.create(
                code=row["code"], name=row["name"], level=row["level"], parent=parent
            )
            created += 1
        elif (region.name, region.level, region.parent_id) != (
            row["name"],
            row["level"],
            parent and parent.pk,
        ):
            region.name, region.level, region.parent = row["name"], row["level"], parent
            region.save(update_fields=["name", "level", "parent"])
            updated += 1
    return created, updated
