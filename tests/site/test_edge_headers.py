"""What the cache in front may keep: the Cache-Control set by
persev_site/edge/headers.py (through Varnish: tests/ops/test_edge_cache.py)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory, SimpleTestCase, TestCase, override_settings

from persev_site.edge.headers import mark
from tests.builders import add_campaign, add_day

EDGE = override_settings(
    EDGE_CACHE_SECONDS=300, EDGE_STALE_WHILE_REVALIDATE=30, EDGE_STALE_IF_ERROR=600
)


def directives(response):
    return {
        part.strip() for part in response.get("Cache-Control", "").split(",") if part
    }


@EDGE
class TestMark(SimpleTestCase):
    def answer(self, path="/semaine/", status=200, method="get", **request_extra):
        request = getattr(RequestFactory(), method)(path, **request_extra)
        request.user = AnonymousUser()
        return request, HttpResponse("page", status=status)

    def test_an_anonymous_page_is_public_for_shared_caches_only(self):
        response = mark(*self.answer())
        self.assertEqual(
            directives(response),
            {
                "public",
                "max-age=0",
                "s-maxage=300",
                "stale-while-revalidate=30",
                "stale-if-error=600",
            },
        )

    def test_a_max_age_set_by_the_view_is_kept(self):
        request, response = self.answer("/api/v3/campaigns/")
        response["Cache-Control"] = "public, max-age=0, must-revalidate"
        self.assertIn("must-revalidate", directives(mark(request, response)))
        self.assertIn("s-maxage=300", directives(response))

    def test_what_belongs_to_one_person_is_private(self):
        cases = {}
        request, response = self.answer()
        response.set_cookie("csrftoken", "x")
        cases["sets a cookie"] = (request, response)
        request, response = self.answer()
        request.META["CSRF_COOKIE_USED"] = True
        cases["form with the reader's CSRF token"] = (request, response)
        cases["session cookie"] = self.answer(HTTP_COOKIE="sessionid=abc")
        cases["credentials"] = self.answer(HTTP_AUTHORIZATION="Bearer x")
        cases["admin"] = self.answer("/admin/pages/")
        cases["preview"] = self.answer("/api/v3/campaigns/preview/")
        cases["search"] = self.answer("/recherche/")
        request, response = self.answer()
        request.user = get_user_model()(username="alice")
        cases["logged in"] = (request, response)
        for case, (request, response) in cases.items():
            with self.subTest(case):
                found = directives(mark(request, response))
                self.assertIn("private", found)
                self.assertIn("no-store", found)
                self.assertNotIn("public", found)

    def test_a_csrf_cookie_alone_still_gets_the_shared_page(self):
        found = directives(mark(*self.answer(HTTP_COOKIE="csrftoken=abc")))
        self.assertIn("public", found)

    def test_errors_redirects_and_posts_are_left_alone(self):
        for status in (301, 404, 500):
            with self.subTest(status):
                self.assertNotIn("Cache-Control", mark(*self.answer(status=status)))
        self.assertNotIn("Cache-Control", mark(*self.answer(method="post")))

    def test_a_vary_no_shared_cache_can_key_on_is_not_public(self):
        request, response = self.answer()
        response["Vary"] = "User-Agent"
        self.assertNotIn("Cache-Control", mark(request, response))

    @override_settings(EDGE_CACHE_SECONDS=0)
    def test_off_without_a_cache_in_front(self):
        self.assertNotIn("Cache-Control", mark(*self.answer()))


@EDGE
class TestThroughTheSite(TestCase):
    def test_a_day_page_and_the_api_are_public_the_admin_private(self):
        campaign = add_campaign()
        day = add_day(campaign, campaign.start_date)
        for path in (
            day.url,
            campaign.url,
            "/",
            f"/api/v3/campaigns/{campaign.slug}/days/{day.date.isoformat()}/",
            f"/campagnes/{campaign.slug}/flux.rss",
            f"/campagnes/{campaign.slug}/semaine.ics",
            f"/campagnes/{campaign.slug}/widget.js",
        ):
            with self.subTest(path):
                response = self.client.get(path)
                self.assertEqual(response.status_code, 200)
                self.assertIn("s-maxage=300", directives(response))
        user = get_user_model().objects.create_superuser("alice", "a@example.org", "x")
        self.client.force_login(user)
        response = self.client.get(day.url)
        self.assertIn("private", directives(response))
        self.assertNotIn("public", directives(response))
        self.assertIn("private", directives(self.client.get("/admin/")))
