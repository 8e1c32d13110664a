"""Admin of the reports app."""
