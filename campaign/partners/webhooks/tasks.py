"""The webhook's background task (django-tasks, like the day's e-mail): run
once the publishing transaction has committed."""

from django_tasks import task

from campaign.partners.webhooks import sending


@task()
def send_webhook(delivery_id):
    return sending.send(delivery_id)
