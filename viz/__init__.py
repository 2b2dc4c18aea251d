"""lienket: graph views for people (pyvis data, lienket's own offline templates).

:mod:`viz.views` builds the views, :mod:`viz.render` writes them as pages; the
workspace that serves them lives in :mod:`api.pages`. See docs/viz.md.
"""
