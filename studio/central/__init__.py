"""One PostgreSQL for the event: each stage ships its as-run log and orders there (docs/deployment.md)."""
