"""Hiwar: a platform for regional reviews of the Global Compact for Migration."""
