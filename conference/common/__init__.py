"""Shared plumbing: audit log, email outbox, text helpers, domain errors.

STYLE.md calls common/ a plain package; it is an app because the audit log and the outbox are
tables, and a model needs an app label to have migrations.
"""
