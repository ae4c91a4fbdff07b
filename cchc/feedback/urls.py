"""Pages of feedback, mounted at /phan-anh/."""

app_name = "feedback"
urlpatterns: list = []
