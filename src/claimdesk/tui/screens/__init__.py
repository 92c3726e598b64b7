"""Screens of the review desk: the desk itself and its dialogs."""
