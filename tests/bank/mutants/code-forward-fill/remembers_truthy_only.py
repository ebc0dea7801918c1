# last = value or last: a 0, "" or False is written but never remembered for the next gap
def forward_fill(values):
    out, last = [], None
    for v in values:
        if v is None:
            out.append(last)
        else:
            out.append(v)
            last = v or last
    return out
