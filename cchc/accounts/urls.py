from django.urls import path

from .views import audit, auth, users

app_name = "accounts"
urlpatterns = [
    # Signing in and out, passwords (views/auth.py).
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
    path("password/", auth.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("password/reset/", auth.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", auth.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("password/reset/<uidb64>/<token>/", auth.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("password/reset/done/", auth.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("me/", auth.profile, name="profile"),
    # Managing accounts (views/users.py): coordinators and administrators.
    path("users/", users.user_list, name="user_list"),
    path("users/new/", users.user_create, name="user_create"),
    path("users/import/", users.user_import, name="user_import"),
    path("users/import/template.xlsx", users.user_import_template, name="user_import_template"),
    path("users/<int:pk>/", users.user_detail, name="user_detail"),
    path("users/<int:pk>/edit/", users.user_edit, name="user_edit"),
    path("users/<int:pk>/hand-over/", users.user_hand_over, name="user_hand_over"),
    path("users/<int:pk>/active/", users.user_set_active, name="user_set_active"),
    path("users/<int:pk>/reset-password/", users.user_reset_password, name="user_reset_password"),
    # The audit log (views/audit.py): administrators.
    path("audit/", audit.audit_log, name="audit"),
]
