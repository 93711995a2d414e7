"""Store: checkpoints (safetensors + JSON) and the SQLite results database."""
