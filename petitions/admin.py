"""Admin of the petitions app."""
