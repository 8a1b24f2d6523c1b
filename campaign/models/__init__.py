"""Models of the campaign app: the campaign and day pages (their read queries
are methods of their QuerySets), the establishments, the e-mail deliveries,
the scheduler's state and the partner settings. They import no flow and no
admin code (campaign/admin/edit_handlers.py adds the admin's panels)."""

from campaign.models.campaign_page import CampaignPage, CampaignPartner
from campaign.models.day_page import CampaignDayPage
from campaign.models.establishment import Establishment, EstablishmentKind, match_key

__all__ = [
    "CampaignDayPage",
    "CampaignPage",
    "CampaignPartner",
    "Establishment",
    "EstablishmentKind",
    "match_key",
]

from campaign.models.scheduler import SchedulerState

__all__ += ["SchedulerState"]

from campaign.models.delivery import DayEmailDelivery  # noqa: E402

__all__ += ["DayEmailDelivery"]

from campaign.models.partner_settings import PartnerSettings  # noqa: E402

__all__ += ["PartnerSettings"]

from campaign.models.pending_import import PendingImport  # noqa: E402

__all__ += ["PendingImport"]

from campaign.models.webhook import (  # noqa: E402
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)

__all__ += ["WebhookDelivery", "WebhookEndpoint", "WebhookEvent"]
