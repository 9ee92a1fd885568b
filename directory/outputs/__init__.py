"""Outputs: the Site -> files, every kind of output declared once (kinds).

render (pages through Jinja), search (lunr shards; normalise, lunr_compat), form (the
suggest form), oversight (changes, feeds, insight, checking: for councillors and
commissioners). The Open Referral UK API is declared here too and made in openreferral.api.
"""
