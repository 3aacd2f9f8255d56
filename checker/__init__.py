"""claimcheck: every factual claim backed by a verbatim quote from a source, and kept so."""

__version__ = "0.1.0"
