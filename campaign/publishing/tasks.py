"""Background tasks of the campaign app (django-tasks, which Wagtail ships).

With the default immediate backend they run in-process once the publishing
transaction has committed; a queue backend (e.g. django-tasks-db) moves them
to a worker without any change here.
"""

from django_tasks import task

from campaign.publishing import delivery


@task()
def send_day_email(delivery_id):
    return delivery.send(delivery_id)
