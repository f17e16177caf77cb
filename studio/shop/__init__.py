"""The shop moving with the show: timed webhooks (actions.py), stock and sales targets (stock.py). docs/shop.md."""
