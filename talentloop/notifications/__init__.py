"""Notifications: an in-app inbox, emails as each person prefers, digests of new matches, and the background
task queue with its worker and scheduler. Other apps call `talentloop.notifications.api` only."""
