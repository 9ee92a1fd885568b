"""Contributions: scaffold (`directory new`), issue (`directory from-issue`), preview
(changed pages for a pull request's reviewers), docs (the field reference and templates).
"""
