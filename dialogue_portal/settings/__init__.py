"""Settings package: base.py holds everything; dev, test and prod override a few values."""
