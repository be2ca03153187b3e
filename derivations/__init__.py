"""The claim library: one module per topic, each claim declared once.

``checks.registry.builtin_claims()`` collects every :class:`checks.Claim`
bound at module level here.
"""
