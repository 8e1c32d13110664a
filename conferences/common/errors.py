"""The one domain error of the conferences app."""


class ConferenceError(Exception):
    """The one domain error of the conferences app; its message is translated and shown to the user."""
