from django.db import migrations

from lvzhi.core.search import fts_operations


class Migration(migrations.Migration):
    dependencies = [("orgs", "0001_initial")]

    operations = [*fts_operations("orgs_organization"), *fts_operations("orgs_person")]
