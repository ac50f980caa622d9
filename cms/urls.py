"""URLs of the agenda outside the page tree.

``api_urlpatterns`` are language-neutral (exports, JSON API); ``urlpatterns`` (namespace ``cms``)
live under the language prefix.
"""

from django.urls import path

from . import views

app_name = "cms"

urlpatterns = [
    path("agenda/", views.agenda_alias, name="agenda"),
    path("agenda/speakers/", views.speakers_alias, name="speakers"),
    path("agenda/my/", views.my_agenda_alias, name="my_agenda"),
    path("news/", views.news_alias, name="news"),
    path("search/", views.search, name="search"),
    path("agenda-star/", views.toggle_star, name="star"),
    path("speaker/<str:token>/", views.speaker_link, name="speaker_link"),
    path("agenda-calendar/rotate/", views.rotate_feed, name="rotate_feed"),
]

api_urlpatterns = [
    path("api/v1/sessions/", views.api_sessions, name="api_sessions"),
    path("api/v1/sessions/<int:pk>/", views.api_session, name="api_session"),
    path("api/v1/speakers/", views.api_speakers, name="api_speakers"),
    path("api/v1/speakers/<int:pk>/", views.api_speaker, name="api_speaker"),
    path("api/v1/rooms/", views.api_rooms, name="api_rooms"),
    path("api/v1/themes/", views.api_themes, name="api_themes"),
    path("api/me/stars/", views.stars, name="api_stars"),
    path("api/me/stars/merge/", views.merge_stars, name="api_stars_merge"),
    path("exports/<int:year>/agenda.ics", views.agenda_ics, name="agenda_ics"),
    path("exports/<int:year>/themes/<slug:slug>.ics", views.theme_ics, name="theme_ics"),
    path("exports/<int:year>/schedule.xml", views.schedule_xml, name="schedule_xml"),
    path("exports/<int:year>/schedule.json", views.schedule_json, name="schedule_json"),
    path("materials/<int:pk>/slides.pdf", views.material_file, name="material_file"),
    path("exports/calendar/<str:token>.ics", views.personal_ics, name="personal_ics"),
]
