"""A request the site refuses, with what the reader is told.

Django answers 400 to a `BadRequest` (persev_site.views.bad_request), but
shows nothing of the exception: its message may be English or say too much
(DisallowedHost names the host). `ExplainedBadRequest` carries a French
message written for the reader, which the 400 page and the API's problem
document show as it is.
"""

from django.core.exceptions import BadRequest


class ExplainedBadRequest(BadRequest):
    """A 400 whose message, in French, says what is wrong and where."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = str(reason)
