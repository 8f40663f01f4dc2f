from django.apps import AppConfig


class MarketplaceConfig(AppConfig):
    name = "talentloop.marketplace"
    label = "marketplace"
    verbose_name = "Marketplace"
