"""Indexes in the orderings the public reads designations in, so that a page is read in its
order and the reading stops after it: the site's list (regime, kind, name), and the API's lists
by name and by listing date within a regime. Without them a regime's page sorted every row of
the regime first: at 100,000 designations, "IR by name, listed after 2010" sorted 5,694 rows on
SQLite for 25 (44 ms). tests/designations/test_list_plans.py reads the plans.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('designations', '0009_nationality_indexes'),
        ('editorial', '0007_publish_seeded_lookups'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='publisheddesignation',
            index=models.Index(fields=['regime_code', 'kind', 'sort_name', 'id'], name='designations_pub_list'),
        ),
        migrations.AddIndex(
            model_name='publisheddesignation',
            index=models.Index(fields=['regime_code', 'sort_name', 'key'], name='designations_pub_regime_name'),
        ),
        migrations.AddIndex(
            model_name='publisheddesignation',
            index=models.Index(fields=['regime_code', 'listed_on', 'key'], name='designations_pub_regime_date'),
        ),
    ]
