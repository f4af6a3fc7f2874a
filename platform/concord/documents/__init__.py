"""Trusted documents (persisted operations): GraphQL documents known by their hash, sent by id instead of text."""
