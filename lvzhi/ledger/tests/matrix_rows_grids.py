"""Authorization matrix rows of grid management through the API (rename, 范围说明, 户数,
workers, 停用): only a cadre of the grid's community (with its subtree) edits; a grid's
worker reads it but her PATCH answers 404 like anyone else's out of scope; a blank name
answers 400 and writes nothing."""

from lvzhi.core.tests.matrix import CADRES, REFUSED_SUBTREE, api_write, cadres

from .matrix_rows_ledger import API, grid_of

GRIDS_ROWS = [
    api_write(
        "ledger api grid patch",
        "PATCH",
        lambda o: f"{API}/grids/{grid_of(o).pk}/",
        CADRES,
        lambda o: {"note": "1-6号楼", "households": 320},
    ),
    api_write(
        "ledger api grid deactivate",
        "PATCH",
        lambda o: f"{API}/grids/{grid_of(o).pk}/",
        CADRES,
        lambda o: {"is_active": False},
    ),
    api_write(
        "ledger api grid patch (blank name)",
        "PATCH",
        lambda o: f"{API}/grids/{grid_of(o).pk}/",
        cadres(REFUSED_SUBTREE),
        lambda o: {"name": ""},
        writes=False,
    ),
]
