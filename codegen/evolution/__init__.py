"""Keeping schemas healthy as they change: house rules (lint) and change classification (breaking)."""
