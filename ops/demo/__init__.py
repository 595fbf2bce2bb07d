"""The demo: the seed episode and the DPRK episodes before it, a vessel, and the real UN list of
27 March 2023 (a public UN document, shipped here as demo data), loaded by ``load_demo``."""
