"""Generated datasets: shapes, labels, reproducibility, the split, and errors."""

import numpy as np
import pytest

from helpers import make_circles, make_dataset, make_moons, make_xor, train_val_split


@pytest.mark.parametrize("name", ["moons", "circles", "xor"])
@pytest.mark.parametrize("m", [2, 7, 200])
def test_shapes_labels_and_seed(name, m):
    X, Y = make_dataset(name, m=m, seed=4)
    assert X.shape == (2, m) and Y.shape == (1, m)
    assert set(np.unique(Y)) <= {0.0, 1.0}
    X2, Y2 = make_dataset(name, m=m, seed=4)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(Y, Y2)
    X3, _ = make_dataset(name, m=m, seed=5)
    assert not np.array_equal(X, X3)


def test_classes_are_balanced_and_geometry_is_right():
    X, Y = make_circles(400, noise=0.0, factor=0.5, seed=0)
    r = np.linalg.norm(X, axis=0)
    np.testing.assert_allclose(r[Y[0] == 1], 0.5)
    np.testing.assert_allclose(r[Y[0] == 0], 1.0)
    X, Y = make_moons(101, seed=0)
    assert Y.sum() == 51
    X, Y = make_xor(500, seed=0)
    np.testing.assert_array_equal(Y[0], (X[0] > 0) != (X[1] > 0))


def test_train_val_split_partitions_the_columns():
    X, Y = make_moons(100, seed=1)
    Xt, Yt, Xv, Yv = train_val_split(X, Y, val_fraction=0.2, seed=3)
    assert Xt.shape == (2, 80) and Xv.shape == (2, 20) and Yt.shape == (1, 80)
    both = np.hstack([Xt, Xv])
    assert sorted(map(tuple, both.T)) == sorted(map(tuple, X.T))
    again = train_val_split(X, Y, val_fraction=0.2, seed=3)
    np.testing.assert_array_equal(again[2], Xv)


def test_errors():
    with pytest.raises(ValueError, match="unknown dataset 'spirals'.*circles"):
        make_dataset("spirals")
    with pytest.raises(ValueError, match=r"m \(the number of examples\) must be ≥ 2"):
        make_moons(1)
    with pytest.raises(ValueError, match="noise"):
        make_xor(10, noise=-1)
    with pytest.raises(ValueError, match="factor"):
        make_circles(10, factor=2)
    X, Y = make_moons(10)
    with pytest.raises(ValueError, match="transposed"):
        train_val_split(X.T, Y)
    with pytest.raises(ValueError, match="val_fraction"):
        train_val_split(X, Y, val_fraction=1.5)
