from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "deltacap.reports"
    label = "reports"
