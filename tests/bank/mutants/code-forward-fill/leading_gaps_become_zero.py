# starts with last = 0: leading gaps become 0 instead of staying None
def forward_fill(values):
    out, last = [], 0
    for v in values:
        if v is None:
            out.append(last)
        else:
            out.append(v)
            last = v
    return out
