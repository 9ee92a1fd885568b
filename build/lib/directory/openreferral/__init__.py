"""Open Referral UK 3.0, both ways: oruk (the mapping, declared once), api (the static API
and bulk files), importer (ORUK feeds in), spreadsheet (a council's CSV or XLSX in),
newsite (`directory init`).
"""
