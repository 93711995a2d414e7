"""The package's version: one module with no imports, so checkpoints and reports can read it cheaply."""

__version__ = "0.1.0"
