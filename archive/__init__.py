"""A web archive of diplomatic communications."""
