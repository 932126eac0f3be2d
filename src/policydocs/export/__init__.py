"""Writers: JSON Schema generation and JSON / JSON Lines output."""
