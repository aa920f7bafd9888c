"""Complaint intake, screening and anonymous reporting."""
