# Reference Bessel values for mindelec/src/solvers/bessel.test.ts. Run: python3 make_bessel.py > bessel.json
# Uses scipy.special (jv, yv, jvp, yvp), which wraps the Amos / Cephes libraries.
import json, scipy, scipy.special as sp
xs = [1e-3, 0.1, 0.5, 1.0, 2.4048255576957727, 3.0, 7.5, 10.0, 25.0, 60.0]
ns = [0, 1, 2, 5, 10, 20, 40]
rows = []
for x in xs:
    for n in ns:
        rows.append({"n": n, "x": x, "J": float(sp.jv(n, x)), "Y": float(sp.yv(n, x)),
                     "Jp": float(sp.jvp(n, x)), "Yp": float(sp.yvp(n, x))})
print(json.dumps({"source": "scipy.special %s" % scipy.__version__, "rows": rows}, indent=0))
