from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path

from .dashboard import StalenessDashboardView
from .views import ContactSearchView

urlpatterns = [
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(template_name="registration/password_change.html"),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="registration/password_changed.html"),
        name="password_change_done",
    ),
    path("contacts/", ContactSearchView.as_view(), name="contact-search"),
    # Before admin.site.urls in registry/urls.py, which would otherwise claim the path.
    path("admin/staleness/", admin.site.admin_view(StalenessDashboardView.as_view()), name="staleness-dashboard"),
]
