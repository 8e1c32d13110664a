"""Local format overrides (FORMAT_MODULE_PATH); a locale without a module here uses Django's own formats."""
