"""Pages of the knowledge hub: good practices (`practices`) and the directory (`directory`)."""
