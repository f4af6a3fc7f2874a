"""Subscriptions: an outbox written with every change to a case or referral, PostgreSQL LISTEN/NOTIFY as the
wake-up across server processes, and GraphQL subscriptions over graphql-transport-ws reading the outbox."""
