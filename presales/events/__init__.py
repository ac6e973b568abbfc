"""The one event stream: every change anyone makes is one Event row.

- models.py     Event: kind, actor, time, opportunity, customer, the object it is about, data.
- registry.py   the closed set of kinds; each app declares its own in <app>/events.py.
- services.py   record(kind, actor, …), which the kinds' constructors call.
- selectors.py  the readers of the pages (one query each), rendering in the reader's language.

An app that records events writes an events.py with its kinds (`define`) and one constructor
per kind (e.g. presales.opportunities.events.stage_advanced), and its services call those.
"""
