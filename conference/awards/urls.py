from django.urls import path

from . import views

app_name = "awards"

urlpatterns = [
    path("", views.index, name="index"),
    path("nominate/<int:category_id>/", views.nominate, name="nominate"),
    path("nominations/<int:pk>/", views.nomination_detail, name="nomination"),
    path("nominations/<int:pk>/edit/", views.nomination_edit, name="nomination_edit"),
    path("nominations/<int:pk>/evidence/<int:evidence_id>/", views.evidence_download,
         name="evidence"),
    path("nominations/<int:pk>/evidence/<int:evidence_id>/delete/", views.evidence_delete,
         name="evidence_delete"),
    path("nominations/<int:pk>/vote/", views.vote, name="vote"),
    path("consent/<str:token>/", views.consent, name="consent"),
    path("judging/", views.judge_home, name="judge_home"),
    path("judging/<int:cycle_id>/declaration/", views.judge_declaration,
         name="judge_declaration"),
    path("judging/nominations/<int:pk>/", views.judge_score, name="judge_score"),
    path("secretariat/", views.secretariat_home, name="secretariat"),
    path("secretariat/categories/<int:pk>/", views.secretariat_category,
         name="secretariat_category"),
    path("secretariat/categories/<int:pk>/results.csv", views.results_csv,
         name="results_csv"),
    path("secretariat/nominations/<int:pk>/", views.secretariat_nomination,
         name="secretariat_nomination"),
    path("secretariat/cycles/<int:pk>/publish/", views.publish, name="publish"),
    path("secretariat/cycles/<int:pk>/release/", views.release, name="release"),
    path("certificates/", views.certificate_lookup, name="verify_form"),
    path("certificates/<str:code>/", views.verify_certificate, name="verify"),
    path("certificates/<str:code>/certificate.pdf", views.certificate_download,
         name="certificate_pdf"),
]
