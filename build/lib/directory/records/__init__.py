"""Content in: the content folder's files -> checked records and problems.

load (YAML that remembers lines) -> content (the folder) -> validate (against schema, the one
declaration of every field; phones, languages, schedule are its value types) -> records.
config is site.yaml and taxonomy.yaml; jsonschema derives editors' JSON Schemas from schema.
"""
