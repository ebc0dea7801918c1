"""/mock run and /mock submit: the member's code against the examples or the hidden tests.

No extension of its own: the /mock group lives in `features/rounds`, which calls this flow.
"""
