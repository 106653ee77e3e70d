"""Every write of the knowledge hub: practices (`practices`) and the directory (`directory`)."""
