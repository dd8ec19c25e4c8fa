app_name = "socialorgs_evaluations"

urlpatterns = []
