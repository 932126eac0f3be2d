"""Rule-based extractors: Korean numerals, money, dates, organisations, and records."""
