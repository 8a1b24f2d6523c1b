from django.apps import AppConfig


class EdgeCacheConfig(AppConfig):
    """The edge cache of the persev site (Varnish or a CDN in front)."""

    name = "persev_site.edge"
    label = "persev_edge"
    verbose_name = "Cache en frontal"

    def ready(self):
        # Django: modules that import models load once the app registry is
        # ready, hence this import here.
        from persev_site.edge import changes

        changes.register()
