"""Deadlines of the complaint's own steps (computed by notifications.deadlines)."""

from notifications.deadlines import Deadline

SCREENING = Deadline("screening", 24, "hours")  # from submission
