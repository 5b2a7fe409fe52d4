"""Shared building blocks: database base types, security, mail outbox, audit log, PDF."""
