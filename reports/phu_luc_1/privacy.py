"""What the reports app holds of anonymised petitions: submitted snapshots (names under the Phụ lục I table,
the column (5) details), the register of numbers given to answer letters ("V/v trả lời kiến nghị <code> của
<organisation>"), and the export files of years past retention. Receivers of petitions/anonymise/."""

from __future__ import annotations

from collections.abc import Callable
from functools import reduce
from operator import or_

from django.db.models import Q

from reports.models import DocumentType, ExportJob, IssuedDocumentNumber, ReportSnapshot


def reports_anonymise(sender, *, body_ids, petitions: dict[str, tuple[str, Callable[[str], str]]], **kwargs) -> int:
    """Replace the organisation and scrub the texts of the anonymised petitions in their bodies' submitted
    snapshots (the numbers are not touched) and in the titles of their answer letters' numbers. Returns how
    many rows changed."""
    if not petitions:
        return 0
    changed = _letter_titles_anonymise(body_ids, petitions)
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


def _letter_titles_anonymise(body_ids, petitions: dict[str, tuple[str, Callable[[str], str]]]) -> int:
    codes = list(petitions)
    changed = 0
    for start in range(0, len(codes), 100):
        chunk = codes[start:start + 100]
        letters = IssuedDocumentNumber.objects.select_for_update().filter(
            reduce(or_, (Q(title__contains=code) for code in chunk)), body_id__in=body_ids,
            doc_type=DocumentType.LETTER)
        for letter in letters:
            title = letter.title
            for code in chunk:
                if code in title:
                    placeholder, scrub = petitions[code]
                    title = scrub(title)
                    # The organisation named after the code may differ from what the scrubber knows.
                    head, sep, _rest = title.partition(f"{code} của ")
                    if sep:
                        title = f"{head}{code} của {placeholder}"
            if title != letter.title:
                IssuedDocumentNumber.objects.filter(pk=letter.pk).update(title=title[:500])
                changed += 1
    return changed
