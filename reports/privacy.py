"""What the reports app holds of anonymised petitions: submitted snapshots (names under the Phụ lục I table,
the column (5) details) and the export files of years past retention. Receivers of petitions/anonymise.py."""

from __future__ import annotations

from collections.abc import Callable

from .models import ExportJob, ReportSnapshot


def snapshots_anonymise(sender, *, body_ids, petitions: dict[str, tuple[str, Callable[[str], str]]], **kwargs) -> int:
    """Replace the organisation and scrub the texts of the anonymised petitions in their bodies' submitted
    snapshots; the numbers are not touched. Returns how many snapshots changed."""
    if not petitions:
        return 0
    changed = 0
    for snapshot in ReportSnapshot.objects.select_for_update().filter(body_id__in=body_ids).order_by("pk"):
        touched = False
        for row in snapshot.in_process or []:
            if row.get("code") in petitions:
                placeholder, scrub = petitions[row["code"]]
                row["organisation"] = placeholder
                for key in ("content", "process", "obstacles", "proposal"):
                    if row.get(key):
                        row[key] = scrub(row[key])
                touched = True
        for row in (snapshot.table or {}).get("left_out", []):
            if row.get("code") in petitions:
                row["organisation"] = petitions[row["code"]][0]
                touched = True
        if touched:
            snapshot.save(update_fields=["in_process", "table"])
            changed += 1
    return changed


def exports_delete_expired(sender, *, cutoff_year: int, dry_run: bool, **kwargs) -> dict[str, int]:
    """Delete the files of detail exports of years past retention (they list businesses and contacts)."""
    jobs = list(ExportJob.objects.filter(year__lte=cutoff_year).exclude(file=""))
    if not dry_run:
        for job in jobs:
            job.file.delete(save=False)
            ExportJob.objects.filter(pk=job.pk).update(file="")
    return {"export_files": len(jobs)}
