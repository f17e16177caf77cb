"""Orders through a broker: the public relay that queues verified webhooks on a Redis stream,
and the studio's consumer that stores them through the order desk (docs/deployment.md)."""
