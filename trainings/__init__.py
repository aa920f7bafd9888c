"""Trainings and community awareness sessions."""
