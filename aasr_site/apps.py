from django.apps import AppConfig


class AasrSiteConfig(AppConfig):
    name = "aasr_site"
    verbose_name = "Site"
