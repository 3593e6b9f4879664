"""The tenant's records and the rules QAD holds them to, whichever call changes them."""
