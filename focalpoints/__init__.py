"""The focal-point registry, network meetings and partner PSEA assessments."""
