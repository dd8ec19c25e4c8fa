from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    """Third-party evaluation of funded projects (第十五条) with the evaluator role. Its
    own app (own migrations) beside ``lvzhi.socialorgs``."""

    name = "lvzhi.socialorgs.evaluations"
    label = "socialorgs_evaluations"
    verbose_name = "第三方成效评估"
