from django.urls import path

from .views import activities, config, review, submissions, tokens

app_name = "reports"
urlpatterns = [
    # Reports (views/submissions.py): the officer fills and submits; Sở Nội vụ reviews.
    path("reports/", submissions.submission_list, name="submissions"),
    path("reports/new/", submissions.submission_start, name="submission_start"),
    path("reports/<int:pk>/", submissions.submission_detail, name="submission"),
    path("reports/<int:pk>/edit/", submissions.submission_edit, name="submission_edit"),
    path("reports/<int:pk>/submit/", submissions.submission_submit, name="submission_submit"),
    path("reports/<int:pk>/return/", submissions.submission_return, name="submission_return"),
    path("reports/<int:pk>/approve/", submissions.submission_approve, name="submission_approve"),
    path("reports/<int:pk>/reopen/", submissions.submission_reopen, name="submission_reopen"),
    # The review queue of Sở Nội vụ (views/review.py).
    path("reports/review/", review.review_queue, name="review"),
    path("reports/review/approve/", review.review_approve_selected, name="review_approve_selected"),
    path("reports/review/<int:pk>/", review.review_item, name="review_item"),
    path("reports/review/<int:pk>/approve/", review.review_approve, name="review_approve"),
    path("reports/review/<int:pk>/return/", review.review_return, name="review_return"),
    # The communication log (views/activities.py).
    path("reports/activities/", activities.activity_list, name="activities"),
    path("reports/activities/new/", activities.activity_create, name="activity_create"),
    path("reports/activities/import/", activities.activity_import, name="activity_import"),
    path("reports/activities/import/template.xlsx", activities.activity_import_template, name="activity_template"),
    path("reports/activities/<int:pk>/", activities.activity_detail, name="activity"),
    path("reports/activities/<int:pk>/edit/", activities.activity_edit, name="activity_edit"),
    path("reports/activities/<int:pk>/delete/", activities.activity_delete, name="activity_delete"),
    path("reports/evidence/<int:pk>/", activities.evidence_download, name="evidence"),
    path("reports/evidence/<int:pk>/delete/", activities.evidence_delete, name="evidence_delete"),
    # Unit API tokens (views/tokens.py).
    path("reports/tokens/", tokens.token_list, name="tokens"),
    path("reports/tokens/<int:pk>/revoke/", tokens.token_revoke, name="token_revoke"),
    # Configuration (views/config.py): forms, indicators, channels and topics.
    path("reports/forms/", config.form_list, name="forms"),
    path("reports/forms/new/", config.form_create, name="form_create"),
    path("reports/forms/<int:pk>/", config.form_detail, name="form"),
    path("reports/forms/<int:pk>/edit/", config.form_edit, name="form_edit"),
    path("reports/indicators/", config.indicator_list, name="indicators"),
    path("reports/indicators/new/", config.indicator_create, name="indicator_create"),
    path("reports/indicators/<int:pk>/edit/", config.indicator_edit, name="indicator_edit"),
    path("reports/taxonomies/", config.taxonomy_list, name="taxonomies"),
]
