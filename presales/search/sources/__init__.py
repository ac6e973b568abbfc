"""What the core apps (customers, opportunities) put in the search.

The core apps import nothing built on them (presales/lib/tests/test_import_graph.py), and the
search is built on them: so their sources are registered here, by the search app, while every
other app registers its own in `<app>/search_index.py`.
"""

from presales.search.sources import customers, opportunities  # noqa: F401  (registering is importing)
