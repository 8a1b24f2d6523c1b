"""Partner webhooks: telling partners' addresses that a day went live,
changed or was withdrawn.

Enters: campaign.publishing's `day_event` (inside the publishing
transaction) and the scheduler's `pass_finished`. Leaves: one
WebhookDelivery per event per active endpoint that wants it (`recording`,
unique per (endpoint, event key), so the same go-live reported twice is
recorded once), then, after the commit, a signed POST (`signing`) sent by a
django-tasks task (`tasks`, `sending`), retried with back-off by the
scheduler's passes when the partner fails or does not answer in time.
"""
