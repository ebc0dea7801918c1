# Wrong: dW2 multiplies by the pre-activation h instead of the ReLU output a
def mlp_backprop(x, y, w1, b1, w2, b2):
    n, d_in, hidden, d_out = len(x), len(w1), len(b1), len(b2)
    h = [[b1[j] + sum(row[i] * w1[i][j] for i in range(d_in)) for j in range(hidden)] for row in x]
    a = [[max(v, 0.0) for v in row] for row in h]
    p = [[b2[o] + sum(row[j] * w2[j][o] for j in range(hidden)) for o in range(d_out)] for row in a]
    loss = sum(0.5 * (p[r][o] - y[r][o]) ** 2 for r in range(n) for o in range(d_out)) / n
    dp = [[(p[r][o] - y[r][o]) / n for o in range(d_out)] for r in range(n)]
    dw2 = [[sum(h[r][j] * dp[r][o] for r in range(n)) for o in range(d_out)] for j in range(hidden)]
    db2 = [sum(dp[r][o] for r in range(n)) for o in range(d_out)]
    dh = [[sum(dp[r][o] * w2[j][o] for o in range(d_out)) if h[r][j] > 0 else 0.0 for j in range(hidden)]
          for r in range(n)]
    dw1 = [[sum(x[r][i] * dh[r][j] for r in range(n)) for j in range(hidden)] for i in range(d_in)]
    db1 = [sum(dh[r][j] for r in range(n)) for j in range(hidden)]
    return [loss, dw1, db1, dw2, db2]
