"""The tests' kernels (nbval's and the kernel_manager fixture's) talk over Unix sockets,
so that two test workers starting kernels at once cannot race for the same TCP port."""

import os

import nbval.kernel
import pytest

pytestmark = pytest.mark.skipif(os.name == "nt", reason="Windows kernels keep TCP")


def test_fixture_kernel_runs_over_a_socket_of_its_own(kernel_manager):
    kernel_manager.start_kernel()
    try:
        client = kernel_manager.client()
        client.start_channels()
        client.wait_for_ready(timeout=60)
        info = kernel_manager.get_connection_info()
        assert info["transport"] == "ipc"
        assert os.path.exists(f"{info['ip']}-{info['shell_port']}")
        assert len(info["ip"]) < 90, info["ip"]
        client.stop_channels()
    finally:
        kernel_manager.shutdown_kernel(now=True)


def test_nbval_kernels_get_sockets_each_in_a_folder_of_its_own(kernel_manager):
    manager_class = nbval.kernel.KernelManager  # the class nbval's start_new_kernel uses
    assert manager_class is type(kernel_manager)
    a, b = manager_class(), manager_class()
    assert a.transport == b.transport == "ipc"
    assert os.path.dirname(a.ip) != os.path.dirname(b.ip)
