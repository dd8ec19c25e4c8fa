"""The default ledger categories of the issue (天津 002 社区妇女信息台账; CQ 妇女之家 board
R-HM-08; 历下 单亲困难母亲 R-RT-05): rows seeded by a migration, editable afterwards."""

DEFAULT_CATEGORIES = [
    # code, name, group, sensitive
    ("left_behind_women", "留守妇女", "women", False),
    ("women_in_difficulty", "困难妇女", "women", True),
    ("single_poor_mothers", "单亲困难母亲", "women", True),
    ("disabled_women", "残疾妇女", "women", True),
    ("empty_nest_elderly_women", "空巢老年妇女", "women", False),
    ("migrant_women", "流动妇女", "women", False),
    ("party_members", "女党员", "women", False),
    ("volunteers", "巾帼志愿者", "women", False),
    ("deputies", "两代表一委员", "women", False),
    ("left_behind_children", "留守儿童", "children", False),
    ("children_in_difficulty", "困境儿童", "children", True),
    ("spring_bud_girls", "春蕾女童", "children", True),
]


def ensure_default_categories(category_model) -> None:
    """Create the missing default categories; existing rows (maybe edited) are kept. Takes
    the model so the migration can pass its historical one."""
    for order, (code, name, group, sensitive) in enumerate(DEFAULT_CATEGORIES, start=1):
        category_model.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "group": group,
                "sensitive": sensitive,
                "sort_order": order * 10,
            },
        )
