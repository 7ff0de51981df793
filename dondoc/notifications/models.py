"""Reminders, urgings and the in-app inbox (built on top of tasks; tasks never import this)."""
