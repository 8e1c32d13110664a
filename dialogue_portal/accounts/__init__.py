"""Staff accounts: two-factor authentication, session time limits, login lockout (docs/security.md)."""
