"""Evaluation plans, evaluations and public ratings in the Django admin: read-only, even
for a superuser (the services check the weights and the rules and audit), each list from
``restrict(user, "view")``; the report file and the ratings' one-time token are not
shown."""

from django.contrib import admin

from lvzhi.socialorgs.admin import ReadOnlyScopedAdmin

from .models import Evaluation, EvaluationPlan, Rating


@admin.register(EvaluationPlan)
class EvaluationPlanAdmin(ReadOnlyScopedAdmin):
    list_display = (
        "year",
        "federation",
        "agency",
        "evaluator",
        "weight_satisfaction",
        "weight_capacity",
        "weight_results",
        "threshold",
    )
    list_select_related = ("federation", "evaluator")
    list_filter = ("year",)
    search_fields = ("agency", "federation__name", "evaluator__username")


@admin.register(Evaluation)
class EvaluationAdmin(ReadOnlyScopedAdmin):
    list_display = ("application", "plan", "status", "weighted_score", "passed", "submitted_at")
    list_select_related = ("application__organization", "plan__federation")
    list_filter = ("status", "passed", "plan__year")
    search_fields = ("application__title", "application__organization__name")
    exclude = ("report", "verdict")


@admin.register(Rating)
class RatingAdmin(ReadOnlyScopedAdmin):
    list_display = ("evaluation", "score", "comment")
    list_select_related = ("evaluation__application__organization",)
    list_filter = ("score",)
    search_fields = ("comment", "evaluation__application__title")
    exclude = ("nonce",)
