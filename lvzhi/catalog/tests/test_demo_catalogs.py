"""`lvzhi demo` publishes both seed catalogs once, whatever how often it runs."""

from lvzhi.catalog.demo import load_seed_catalogs
from lvzhi.catalog.models import CatalogVersion, DutyItem


def test_seed_catalogs_published_once(org_tree, admin_user):
    assert load_seed_catalogs(admin_user) == {"BH-FL": 23, "BH-GH": 57}
    assert load_seed_catalogs(admin_user) == {"BH-FL": 23, "BH-GH": 57}
    assert CatalogVersion.objects.count() == 2
    assert CatalogVersion.objects.filter(status="published").count() == 2
    shifted = DutyItem.objects.get(number="9.1", version__catalog__organization__code="BH-GH")
    assert "滨党办发〔2017〕50号" in shifted.legal_basis  # the accepted repair
