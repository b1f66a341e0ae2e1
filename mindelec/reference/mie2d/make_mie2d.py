# Independent reference for mindelec/src/solvers/validation/mie2dSeries.ts: bistatic echo width
# sigma_2D/lambda of a circular cylinder, exp(-jkx) incidence, scipy.special Bessel/Hankel functions.
# Run: python3 make_mie2d.py > mie2d.json
import json, numpy as np, scipy, scipy.special as sp
def echo(ka, pol, eps=None, phis=np.radians(np.arange(0, 361, 10))):
    nmax = int(np.ceil(ka * np.sqrt(eps or 1) + 4.05 * (ka * np.sqrt(eps or 1)) ** (1 / 3) + 10))
    n = np.arange(-nmax, nmax + 1)
    H, Hp = sp.hankel2(n, ka), sp.h2vp(n, ka)
    J, Jp = sp.jv(n, ka), sp.jvp(n, ka)
    if eps is None:
        a = -J / H if pol == 'TM' else -Jp / Hp
    else:
        k1a = ka * np.sqrt(eps); q = np.sqrt(eps) if pol == 'TM' else 1 / np.sqrt(eps)
        J1, J1p = sp.jv(n, k1a), sp.jvp(n, k1a)
        a = (q * J * J1p - Jp * J1) / (Hp * J1 - q * H * J1p)
    s = np.array([np.sum(a * np.exp(1j * n * p)) for p in phis])
    return (2 / np.pi * np.abs(s) ** 2).tolist()
cases = []
for ka, pol, eps in [(1, 'TM', None), (1, 'TE', None), (3, 'TM', None), (3, 'TE', None), (2, 'TM', 4.0), (2, 'TE', 4.0), (3, 'TE', 2.5)]:
    cases.append({"ka": ka, "pol": pol, "epsR": eps, "anglesDeg": list(range(0, 361, 10)), "sigmaOverLambda": echo(ka, pol, eps)})
print(json.dumps({"source": "scipy.special %s, series of Balanis AEE sec. 11.5" % scipy.__version__, "cases": cases}))
