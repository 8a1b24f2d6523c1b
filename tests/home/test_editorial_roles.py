"""The persev site's editorial roles, as its data migrations (home/0003 to
0005) make them: two groups, "Communicants" (write and submit) and "Éditeurs"
(also approve, publish, lock, delete establishments, manage the partner
webhooks), and the review workflow "Relecture" on the home page. The plugin's
tests build the same roles themselves (tests/builders.py, editorial_roles):
these tests also check that both agree."""

import datetime as dt

from django.contrib.auth.models import Group, Permission
from django.test import TestCase
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
)

from tests.builders import (
    COMMUNICANTS,
    EDITEURS,
    REVIEW_TASK,
    REVIEW_WORKFLOW,
    ROLE_COLLECTION_PERMISSIONS,
    ROLE_MODEL_PERMISSIONS,
    ROLE_PAGE_PERMISSIONS,
    add_campaign,
    add_day,
    home_page,
)

MONDAY = dt.date(2021, 2, 1)


class TestEditorialRoles(TestCase):
    """What the data migration created."""

    def page_codenames(self, group):
        return set(
            GroupPagePermission.objects.filter(
                group__name=group, page=home_page()
            ).values_list("permission__codename", flat=True)
        )

    def model_permissions(self, group):
        return set(
            Permission.objects.filter(group__name=group).values_list(
                "content_type__app_label", "codename"
            )
        )

    def collection_codenames(self, group):
        return set(
            GroupCollectionPermission.objects.filter(
                group__name=group, collection=Collection.get_first_root_node()
            ).values_list("permission__codename", flat=True)
        )

    def test_both_groups_exist_and_wagtails_english_samples_are_gone(self):
        names = set(Group.objects.values_list("name", flat=True))
        self.assertLessEqual({COMMUNICANTS, EDITEURS}, names)
        self.assertFalse(names & {"Moderators", "Editors"})

    def test_communicants_write_but_cannot_publish(self):
        self.assertEqual(self.page_codenames(COMMUNICANTS), {"add_page", "change_page"})
        self.assertEqual(
            self.model_permissions(COMMUNICANTS),
            {
                ("wagtailadmin", "access_admin"),
                ("campaign", "add_establishment"),
                ("campaign", "change_establishment"),
                ("campaign", "view_establishment"),
            },
        )

    def test_editeurs_also_publish_lock_and_delete_establishments(self):
        self.assertEqual(
            self.page_codenames(EDITEURS),
            {"add_page", "change_page", "publish_page", "lock_page", "unlock_page"},
        )
        self.assertEqual(
            self.model_permissions(EDITEURS),
            {
                ("wagtailadmin", "access_admin"),
                ("campaign", "add_establishment"),
                ("campaign", "change_establishment"),
                ("campaign", "delete_establishment"),
                ("campaign", "view_establishment"),
                # Partner webhooks (their secrets): éditeurs only.
                ("campaign", "add_webhookendpoint"),
                ("campaign", "change_webhookendpoint"),
                ("campaign", "delete_webhookendpoint"),
            },
        )

    def test_both_groups_add_and_edit_images_and_documents(self):
        expected = {
            "add_image",
            "change_image",
            "choose_image",
            "add_document",
            "change_document",
            "choose_document",
        }
        for group in (COMMUNICANTS, EDITEURS):
            with self.subTest(group=group):
                self.assertEqual(self.collection_codenames(group), expected)

    def test_workflow_relecture_has_one_task_for_the_editeurs(self):
        workflow = Workflow.objects.get(name="Relecture")
        self.assertTrue(workflow.active)
        tasks = [task.specific for task in workflow.tasks]
        self.assertEqual(len(tasks), 1)
        self.assertIsInstance(tasks[0], GroupApprovalTask)
        self.assertEqual(
            list(tasks[0].groups.values_list("name", flat=True)), [EDITEURS]
        )

    def test_workflow_relecture_applies_to_campaigns_and_days(self):
        campaign = add_campaign()
        day = add_day(campaign, MONDAY, live=False)
        self.assertEqual(home_page().get_workflow().name, "Relecture")
        self.assertEqual(campaign.get_workflow().name, "Relecture")
        self.assertEqual(day.get_workflow().name, "Relecture")

    def test_the_test_builders_build_the_same_roles(self):
        for group in (COMMUNICANTS, EDITEURS):
            with self.subTest(group=group):
                self.assertEqual(
                    self.page_codenames(group), set(ROLE_PAGE_PERMISSIONS[group])
                )
                self.assertEqual(
                    self.model_permissions(group), set(ROLE_MODEL_PERMISSIONS[group])
                )
                self.assertEqual(
                    self.collection_codenames(group),
                    {codename for _app, codename in ROLE_COLLECTION_PERMISSIONS},
                )
        workflow = Workflow.objects.get(name=REVIEW_WORKFLOW)
        self.assertEqual([task.name for task in workflow.tasks], [REVIEW_TASK])
