"""Who may do what to a campaign and its days: the rules of the two roles.

(The models import this module; it imports no model.)

Wagtail asks a page what a user may do to it through a PagePermissionTester
(`Page.permissions_for_user`), everywhere: the admin's views, the buttons and
menus it offers (page listing, page header, action menu), its bulk actions,
and the actions behind the v3 API (`wagtail.actions`: delete, move, copy,
create alias, publish, unpublish, revert, edit). CampaignPage and
CampaignDayPage return the testers below, so the admin and the API apply the
same rules by construction.

The roles are read from Wagtail's page permissions, not from group names: an
éditeur may publish the page ("publish"), a communicant may add and change
pages ("add", "change") but not publish. On top of Wagtail's own rules
(publishing, scheduling, cancelling a schedule and unpublishing need
"publish"; a day in review is locked for those who cannot approve it; a
scheduled page is locked for everyone until its schedule is cancelled):

- Deleting is an éditeur's act. A communicant may only discard a day that
  is still nothing but their own draft: they saved every version of it, and
  it was never submitted for review (so never approved), never scheduled and
  never live. Such a draft holds its date (one day per date), so a mistaken
  one would otherwise block the week until an éditeur deletes it; discarding
  it loses nobody else's work and nothing anyone reviewed or read.
- A campaign is never deleted, moved or copied by a communicant. Copying a
  campaign (Wagtail's copy, "Créer l'édition suivante") is for éditeurs.
- Moving a day changes published content (its address, its week): éditeurs
  only, and only to a campaign whose dates include the day's date, free
  there.
- Nobody copies a single day (nor makes an alias of one): the copy keeps the
  date, so it would be a second day for that date in the same campaign, or a
  date outside another campaign's week. A day's text is reused by export and
  import (`persev-day/1`), and a whole week by "Créer l'édition suivante".
"""

from django.db.models import Count, Q
from wagtail.actions.revert_to_page_revision import (
    RevertToPageRevisionAction,
    RevertToPageRevisionPermissionError,
)
from wagtail.models import Page, PagePermissionTester, WorkflowState


class CampaignPermissionTester(PagePermissionTester):
    """A campaign: deleting, moving and copying it are for éditeurs."""

    def can_delete(self, ignore_bulk=False):
        return self.can_publish() and super().can_delete(ignore_bulk=ignore_bulk)

    def can_move(self):
        return self.can_publish() and super().can_move()

    def can_copy(self):
        return self.can_publish() and super().can_copy()


class DayPermissionTester(PagePermissionTester):
    """A day of a campaign (see the module's docstring)."""

    def can_delete(self, ignore_bulk=False):
        if not super().can_delete(ignore_bulk=ignore_bulk):
            return False
        return self.can_publish() or self.is_own_untouched_draft()

    def is_own_untouched_draft(self):
        """Whether the day is only this user's draft: nobody else saved a
        version of it, and it was never submitted, scheduled or live."""
        page = self.page
        if page.live or page.first_published_at or page.last_published_at:
            return False
        if page.owner_id not in (None, self.user.pk):
            return False
        versions = page.revisions.aggregate(
            total=Count("pk"),
            by_others=Count("pk", filter=Q(user__isnull=True) | ~Q(user=self.user)),
            scheduled=Count("pk", filter=Q(approved_go_live_at__isnull=False)),
        )
        if not versions["total"] or versions["by_others"] or versions["scheduled"]:
            return False
        return not WorkflowState.objects.for_instance(page).exists()

    def can_move(self):
        return self.can_publish() and super().can_move()

    def can_move_to(self, destination):
        if not super().can_move_to(destination):
            return False
        return not self.page.date_problems_in(destination.specific)

    def can_copy(self):
        return False

    def can_copy_to(self, destination, recursive=False):
        return False


class LockedPageRevertAction(RevertToPageRevisionAction):
    """Reverting saves a new version, as editing does: refused on a page
    locked for the user (in review, scheduled, locked by someone), as the
    admin's revert (an edit view) and the API's PATCH already refuse it.
    Wagtail 8.0's own action only checks `can_edit`, so the API's
    `actions/revert` could rewrite a page in review or scheduled."""

    def check(self, skip_permission_checks=False):
        super().check(skip_permission_checks=skip_permission_checks)
        if self.user and not skip_permission_checks:
            lock = self.instance.get_lock()
            if lock is not None and lock.for_user(self.user):
                raise RevertToPageRevisionPermissionError(
                    "The page could not be saved as it is locked."
                )


def register_revert_action(registry):
    """Hook register_actions: for every page type, since the API's
    actions/revert looks its action up on Page itself."""
    registry.register(Page, LockedPageRevertAction)
