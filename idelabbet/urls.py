from django.urls import path

from .feeds import IdeasFeed
from .views import organisations, participation, status, submit

app_name = "idelabbet"
urlpatterns = [
    path("skicka-in/", submit.submit_idea, name="submit"),
    path("skicka-in/tack/", submit.submit_done, name="submit_done"),
    path("status/<str:token>/", status.status, name="status"),
    path("status/<str:token>/komplettera/", status.status_add, name="status_add"),
    path("status/<str:token>/aterkalla/", status.status_withdraw, name="status_withdraw"),
    path("status/<str:token>/snabb-slant/", status.snabb_slant, name="snabb_slant"),
    path("ide/<int:page_id>/vara-med/", participation.participate, name="participate"),
    path("flode/", IdeasFeed(), name="feed"),
    path("organisationer/", organisations.organisation_list, name="organisations"),
]
