"""The contract over the public API: bad-input classes and how to call each function.

``inputs`` holds the matrix's columns (the classes of bad input and how each is
made from a valid value); ``registry`` holds its rows (for every public callable,
a valid call and the argument slots where each class of bad input applies).
``alignment``, ``reading`` and ``data`` build the classes of labelled arguments, of
file reading, and of ``data=`` (any frame) from them.
"""
