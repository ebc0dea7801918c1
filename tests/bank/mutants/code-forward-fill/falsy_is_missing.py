# tests truthiness: 0, "" and False are treated as gaps
def forward_fill(values):
    out, last = [], None
    for v in values:
        if not v:
            out.append(last)
        else:
            out.append(v)
            last = v
    return out
