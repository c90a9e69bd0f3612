"""Fulfilment: deliveries, receipts with evidence photos, media stories, and expiry."""
