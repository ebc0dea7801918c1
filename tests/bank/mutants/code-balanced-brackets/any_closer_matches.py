# pops on any closing bracket without checking its type
def is_balanced(s):
    stack = []
    for ch in s:
        if ch in "([{":
            stack.append(ch)
        elif ch in ")]}":
            if not stack:
                return False
            stack.pop()
    return not stack
