"""mockloop: mock ML-engineer interviews on Discord and in the terminal."""

__version__ = "0.1.0"
