"""The staff workspace: what waits for each role on the admin home ("Việc cần làm")."""
