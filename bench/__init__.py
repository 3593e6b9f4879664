"""`make bench`: erplink against the local sandboxes, each figure beside the floor it is measured against.

See bench/README.md for the scenarios and how to read the tables.
"""
