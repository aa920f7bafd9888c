from django.urls import path

from . import api

urlpatterns = [
    path("stats/complaints/", api.ComplaintStatsApi.as_view(), name="stats-complaints"),
    path("stats/victims/", api.VictimStatsApi.as_view(), name="stats-victims"),
    path("stats/referrals/", api.ReferralStatsApi.as_view(), name="stats-referrals"),
    path("stats/trainings/", api.TrainingStatsApi.as_view(), name="stats-trainings"),
    path("stats/focal-points/", api.FocalPointStatsApi.as_view(), name="stats-focal-points"),
]
