"""The base of every error that describes a problem with an input (a case file, a table, an
extract): its message names the file, and where it can the column, line and value. The command
lines print such an error as one line (:func:`analysis.core.cli.run`)."""


class InputError(ValueError):
    """A problem with an input that the user can fix; the message says where and what."""
