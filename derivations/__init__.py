"""The claim library: one module per topic, each claim declared once.

``derivax.registry.builtin_claims()`` collects every :class:`derivax.Claim`
bound at module level here.
"""
