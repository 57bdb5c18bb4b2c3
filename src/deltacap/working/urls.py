from django.urls import path

from deltacap.working import views

app_name = "working"
urlpatterns = [
    path("", views.index, name="index"),
    path("calendar/", views.calendar_page, name="calendar"),
    path("group/add/", views.person_add, name="person_add"),
    path("group/<int:person_id>/", views.person, name="person"),
    path("meetings/new/", views.schedule, name="schedule"),
    path("meetings/<int:meeting_id>/", views.meeting_page, name="meeting"),
    path("meetings/<int:meeting_id>/minutes/", views.minutes, name="minutes"),
    path("meetings/<int:meeting_id>/documents/", views.document_add, name="document_add"),
    path("meetings/<int:meeting_id>/agenda/", views.agenda_add, name="agenda_add"),
    path("meetings/<int:meeting_id>/actions/", views.action_add, name="action_add"),
    path("agenda/<int:agenda_id>/decide/", views.agenda_decide, name="agenda_decide"),
    path("actions/<int:action_id>/", views.action_update, name="action"),
    # Files (the crawl of the pages leaves /evidence/<n> downloads aside).
    path("evidence/<int:document_id>/", views.document_file, name="document"),
    path("evidence/<int:action_id>/action/", views.action_file, name="action_file"),
]
