"""Public transparency figures."""
