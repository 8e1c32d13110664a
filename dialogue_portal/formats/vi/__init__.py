"""Vietnamese formats: day first."""
