"""An éditeur driving Wagtail's admin over HTTP, as a browser would.

Used by the operations tests to edit and publish a day through one
running server: log in at /admin/login/, open the page's edit form, change
the content, post the form with "Publier".

The edit form renders its StreamField with JavaScript: the page carries the
field's state (the `data-w-block-arguments-value` attribute of `#body`,
what the admin's script builds the inputs from) and the browser posts it as
Wagtail's flat form fields (`body-count`, `body-0-type`,
`body-0-value-actions-0-value-title`…). `block_form_data` does that
encoding here, from the block definitions.

Cookies are sent by hand: production marks them Secure, and these servers
answer plain HTTP on 127.0.0.1 (behind a real proxy the browser speaks HTTPS).
"""

import html
import json
import re

import requests
from wagtail import blocks

from tests.html_reading import submitted_fields

TIMEOUT = 60  # seconds per request: generous for a loaded CI machine


class AdminError(AssertionError):
    """The admin did not answer as a working admin would."""


def form_fields(page_html, form_id):
    fields = submitted_fields(page_html, form_id)
    if not fields:
        raise AdminError(f"No form #{form_id} in the page.")
    return fields


def stream_state(page_html, field_name):
    """The state the admin's script builds the StreamField `field_name` from."""
    match = re.search(
        rf'<div id="{re.escape(field_name)}" data-block [^>]*'
        r'data-w-block-arguments-value="([^"]*)"',
        page_html,
    )
    if match is None:
        raise AdminError(f"No StreamField state for {field_name!r} in the page.")
    value, _errors = json.loads(html.unescape(match.group(1)))
    return value


def block_form_data(block, state, prefix):
    """Flat form fields for `state` (a block's form state), as posted by the admin."""
    data = {}
    if isinstance(block, blocks.StreamBlock):
        data[f"{prefix}-count"] = str(len(state))
        for index, child in enumerate(state):
            child_prefix = f"{prefix}-{index}"
            data[f"{child_prefix}-type"] = child["type"]
            data[f"{child_prefix}-deleted"] = ""
            data[f"{child_prefix}-order"] = str(index)
            data[f"{child_prefix}-id"] = child.get("id") or ""
            data.update(
                block_form_data(
                    block.child_blocks[child["type"]],
                    child["value"],
                    f"{child_prefix}-value",
                )
            )
    elif isinstance(block, blocks.ListBlock):
        data[f"{prefix}-count"] = str(len(state))
        for index, child in enumerate(state):
            child_prefix = f"{prefix}-{index}"
            data[f"{child_prefix}-deleted"] = ""
            data[f"{child_prefix}-order"] = str(index)
            data[f"{child_prefix}-id"] = child.get("id") or ""
            data.update(
                block_form_data(
                    block.child_block, child["value"], f"{child_prefix}-value"
                )
            )
    elif isinstance(block, blocks.StructBlock):
        for name, child_block in block.child_blocks.items():
            data.update(
                block_form_data(child_block, state.get(name), f"{prefix}-{name}")
            )
    elif isinstance(block, blocks.RichTextBlock):
        # Draftail posts "null" for an empty editor, its content state otherwise.
        data[prefix] = "null" if _empty_rich_text(state) else state
    elif isinstance(state, dict) and "id" in state:
        data[prefix] = str(state["id"])  # a chooser: the chosen object's id
    elif state is None or state is False:
        if not isinstance(block, blocks.BooleanBlock):
            data[prefix] = ""
    elif state is True:
        data[prefix] = "on"
    else:
        data[prefix] = str(state)
    return data


def _empty_rich_text(state):
    if not state or state == "null":
        return True
    content = json.loads(state)
    return not content.get("entityMap") and all(
        not block.get("text") and block.get("type") == "unstyled"
        for block in content.get("blocks", [])
    )


class Editor:
    """A user of the admin on one server (`base_url`)."""

    def __init__(self, base_url):
        self.base_url = base_url.rstrip("/")
        self.cookies = {}

    def _keep_cookies(self, response):
        for cookie in response.cookies:
            self.cookies[cookie.name] = cookie.value

    def get(self, path, **kwargs):
        response = requests.get(
            self.base_url + path,
            cookies=self.cookies,
            allow_redirects=False,
            timeout=TIMEOUT,
            **kwargs,
        )
        self._keep_cookies(response)
        return response

    def post(self, path, data):
        response = requests.post(
            self.base_url + path,
            data=data,
            cookies=self.cookies,
            headers={"Referer": self.base_url + path},
            allow_redirects=False,
            timeout=TIMEOUT,
        )
        self._keep_cookies(response)
        return response

    def log_in(self, username, password):
        form = self.get("/admin/login/")
        if form.status_code != 200:
            raise AdminError(f"GET /admin/login/ answered {form.status_code}.")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
        if token is None:
            raise AdminError("No CSRF token in the login form.")
        answer = self.post(
            "/admin/login/",
            {
                "csrfmiddlewaretoken": token.group(1),
                "username": username,
                "password": password,
                "next": "/admin/",
            },
        )
        if answer.status_code != 302 or "sessionid" not in self.cookies:
            raise AdminError(
                f"Login as {username!r} failed (status {answer.status_code})."
            )

    def edit_and_publish(self, page_id, page_class, change):
        """Open the page's edit form, let `change(fields, state)` alter the
        form fields and the body's state in place, then post with "Publier".

        Returns the response (a redirect when Wagtail accepted it)."""
        path = f"/admin/pages/{page_id}/edit/"
        page = self.get(path)
        if page.status_code != 200:
            raise AdminError(f"GET {path} answered {page.status_code}.")
        fields = form_fields(page.text, "page-edit-form")
        state = stream_state(page.text, "body")
        change(fields, state)
        body_block = page_class._meta.get_field("body").stream_block
        data = {**fields, **block_form_data(body_block, state, "body")}
        data["action-publish"] = "action-publish"
        answer = self.post(path, data)
        if answer.status_code != 302:
            errors = re.findall(
                r'(?s)class="[^"]*(?:error|help-critical)[^"]*"[^>]*>(.{0,300})',
                answer.text,
            )
            raise AdminError(
                f"POST {path} answered {answer.status_code}, not a redirect: "
                + " | ".join(" ".join(e.split()) for e in errors[:5])
            )
        return answer
