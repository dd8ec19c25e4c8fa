"""The evaluator (第三方评估人员, CQ-SO 第十五条): an account of a third-party agency a
federation engages to evaluate its funded projects of a year. Assigned at the federation
without its subtree, the role allows none of the federation's actions (no ``view``), so
``restrict(user, action)`` gives her nothing; she reads only the evaluations of the plans
naming her (``selectors.own_evaluations``)."""

EVALUATOR = "social_evaluator"
EVALUATE = "evaluate_project"

ROLES = [
    {
        "code": EVALUATOR,
        "name": "第三方评估人员",
        "description": "受妇联委托评估已立项的社会化项目，只能看到分配给本人的项目",
        "actions": [EVALUATE],
        "is_global": False,
    },
]


def ensure_roles(role_model) -> None:
    for spec in ROLES:
        role_model.objects.get_or_create(code=spec["code"], defaults=spec)
