"""Fill the folded search text of existing petitions (new and edited ones get it from Petition.save)."""

from django.db import migrations

from conferences.common.text import fold_for_search

FIELDS = ("code", "organisation_name", "tax_code", "contact_name", "content")


def fill(apps, schema_editor):
    Petition = apps.get_model("petitions", "Petition")
    batch = []
    for petition in Petition.objects.only("pk", *FIELDS).iterator(chunk_size=2000):
        petition.search_text = fold_for_search(" ".join(str(getattr(petition, f) or "") for f in FIELDS))
        batch.append(petition)
        if len(batch) >= 2000:
            Petition.objects.bulk_update(batch, ["search_text"])
            batch = []
    if batch:
        Petition.objects.bulk_update(batch, ["search_text"])


class Migration(migrations.Migration):

    dependencies = [("petitions", "0050_triage")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
