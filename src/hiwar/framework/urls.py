from django.urls import path

from hiwar.framework import views

app_name = "framework"

urlpatterns = [
    path("", views.framework_overview, name="overview"),
    path("objectives/", views.objective_list, name="objective_list"),
    path("objectives/<int:number>/", views.objective_detail, name="objective_detail"),
    path("guiding-principles/", views.guiding_principle_list, name="principle_list"),
    path("round-tables/", views.cluster_list, name="cluster_list"),
    path("stakeholders/", views.stakeholder_category_list, name="category_list"),
]
