"""The review desk: the Textual face of claimdesk.

Nothing outside this package imports Textual, so the command line starts fast.
"""
