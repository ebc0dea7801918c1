# copies the previous element of the input: the second of two consecutive gaps stays None
def forward_fill(values):
    return [values[i - 1] if v is None and i > 0 else v for i, v in enumerate(values)]
