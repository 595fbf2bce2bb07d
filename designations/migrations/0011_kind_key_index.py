"""An index for the API's default order (key) within a regime's kind, so that a filtered list
such as "KP vessels in force" reads its page in order and stops: at 100,000 designations SQLite
otherwise took the in-force index and sorted every row in force (178 ms a page).
tests/designations/test_list_plans.py reads the plan.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('designations', '0010_list_order_indexes'),
        ('editorial', '0008_publication_history_indexes'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='publisheddesignation',
            index=models.Index(fields=['regime_code', 'kind', 'key'], name='designations_pub_kind_key'),
        ),
    ]
