"""Idempotent mutations: the `Idempotency-Key` request header (issue 8)."""
