"""Relative error of rank-R CP decompositions (ALS, 300 sweeps) of the FDTD fields written by cpRank.ts."""
import os
import numpy as np

d = os.environ.get('OUT_DIR', '/tmp')

def cp_als(T, R, iters=300, seed=0):
    rng = np.random.default_rng(seed)
    A = [rng.standard_normal((n, R)) for n in T.shape]
    for _ in range(iters):
        for m in range(3):
            o = [A[i] for i in range(3) if i != m]
            KR = np.einsum('ir,jr->ijr', o[0], o[1]).reshape(-1, R)
            Tm = np.moveaxis(T, m, 0).reshape(T.shape[m], -1)
            G = (o[0].T @ o[0]) * (o[1].T @ o[1])
            A[m] = np.linalg.solve(G + 1e-10 * np.eye(R), (Tm @ KR).T).T
    return np.linalg.norm(np.einsum('ir,jr,kr->ijk', *A) - T) / np.linalg.norm(T)

H = np.fromfile(f'{d}/te-ref-Hz.bin').reshape(24, 101, 101)
E = np.fromfile(f'{d}/te-ref-Ex.bin').reshape(24, 101, 100)
for R in [16, 32, 64]:
    print(f'Hz rank {R}: {cp_als(H, R):.4f}')
for R in [32, 64]:
    print(f'Ex rank {R}: {cp_als(E, R):.4f}')
