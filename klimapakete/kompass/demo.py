"""Demo content: the Musterstadt Kompass (filled in below)."""
