"""Events that are never lost: a transactional outbox, a relay to Redis Streams and pub/sub,
consumer groups that de-duplicate by event id, and signed, retried webhooks for partners."""
