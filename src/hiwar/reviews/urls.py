from django.urls import path

from hiwar.reviews.views import cycles, inputs, public, reports, secretariat

app_name = "reviews"

urlpatterns = [
    path("my-report/", reports.my_report, name="my_report"),
    path("new-cycle/", cycles.cycle_settings, name="cycle_new"),
    path("milestones/<int:pk>/delete/", cycles.milestone_delete, name="milestone_delete"),
    path("template-sections/<int:pk>/", cycles.template_section_edit, name="template_section"),
    path(
        "template-sections/<int:pk>/remove/",
        cycles.template_section_remove,
        name="template_section_remove",
    ),
    path(
        "templates/<int:pk>/add-section/", cycles.template_section_add, name="template_add_section"
    ),
    path("reports/<int:pk>/", reports.report, name="report"),
    path("reports/<int:pk>/start/", reports.report_start, name="report_start"),
    path("reports/<int:pk>/upload/", reports.report_upload, name="report_upload"),
    path("reports/<int:pk>/submit/", reports.report_submit, name="report_submit"),
    path("reports/<int:pk>/extension/", reports.extension_request, name="extension_request"),
    path("reports/<int:pk>/<slug:action>/", secretariat.report_action, name="report_action"),
    path("sections/<int:pk>/", reports.section_edit, name="section_edit"),
    path("sections/<int:pk>/autosave/", reports.section_autosave, name="section_autosave"),
    path("sections/<int:pk>/preview/", reports.section_preview, name="section_preview"),
    path("sections/<int:pk>/history/", reports.section_history, name="section_history"),
    path("revisions/<int:pk>/restore/", reports.revision_restore, name="revision_restore"),
    path("files/<int:pk>/", reports.attachment_download, name="attachment"),
    path("extensions/<int:pk>/decide/", secretariat.extension_decide, name="extension_decide"),
    path("inputs/<int:pk>/", inputs.input_detail, name="input"),
    path("inputs/<int:pk>/<slug:action>/", secretariat.input_action, name="input_action"),
    path("<slug:slug>/", public.cycle_landing, name="landing"),
    path("<slug:slug>/feed/", public.cycle_feed, name="feed"),
    path("<slug:slug>/dashboard/", secretariat.dashboard, name="dashboard"),
    path("<slug:slug>/dashboard.csv", secretariat.dashboard_csv, name="dashboard_csv"),
    path("<slug:slug>/inputs/new/", inputs.input_new, name="input_new"),
    path("<slug:slug>/settings/", cycles.cycle_settings, name="cycle_settings"),
    path("<slug:slug>/setup/", cycles.cycle_setup, name="cycle_setup"),
]
