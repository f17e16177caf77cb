"""Leads for the exhibitors' CRM: requests taken during the show, and buyers' contacts from orders (docs/leads.md)."""
