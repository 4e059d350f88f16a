# Writes numpy-fortran.npz, the fixture of NpzTest.readsFortranOrderArraysAsNumpyDoes (NumPy 2.x):
# the same values in C order ("c"), Fortran order ("f") and as a transposed view ("t"), plus a
# 4-D FrEIA-style fixed 1x1 matrix saved from a transposed array, as tensor.numpy() gives it.
import numpy as np
c = np.arange(24, dtype=np.float32).reshape(2, 3, 4) / 4
m = (np.arange(9, dtype=np.float32).reshape(3, 3) - 4).T  # column-major view
np.savez("numpy-fortran.npz", c=c, f=np.asfortranarray(c), t=c.reshape(6, 4).T,
         M=np.asfortranarray(m.reshape(3, 3, 1, 1)))
