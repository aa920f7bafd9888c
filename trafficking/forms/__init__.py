"""See the modules of this package: one per area (registry, plans, ctdc)."""
