from django.db import migrations

from lvzhi.core.search import fts_operations


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [*fts_operations("catalog_dutyitem")]
