"""Anonymised statistics: pre-computed aggregates, disclosure control and the REST API."""
