"""The signature of a webhook: HMAC-SHA256, with the endpoint's secret, of
`timestamp + "." + body`, sent in headers a partner checks (README,
« Webhooks »). The timestamp lets the partner refuse an old message
replayed."""

import hashlib
import hmac

SIGNATURE_HEADER = "X-Persev-Signature"
TIMESTAMP_HEADER = "X-Persev-Timestamp"
EVENT_HEADER = "X-Persev-Event"
IDEMPOTENCY_HEADER = "Idempotency-Key"


def signature(secret, timestamp, body):
    """`sha256=<hex>` of `timestamp.body` (body: bytes)."""
    message = f"{timestamp}.".encode() + body
    digest = hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def verify(secret, timestamp, body, received):
    return hmac.compare_digest(signature(secret, timestamp, body), received)
