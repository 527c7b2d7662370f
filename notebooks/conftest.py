"""pytest's view of the notebooks: ``make test`` checks their committed outputs with nbval.

Each notebook's kernel talks to pytest over Unix sockets (jupyter_client's ``ipc`` transport),
not TCP ports. Over TCP, the kernel manager picks free ports, closes them and hands them to the
kernel; a kernel started at the same moment by the other pytest worker, or an outgoing
connection, can take one first, and the kernel dies before it answers ("Kernel died before
replying to kernel_info": jupyter/jupyter_client#154, treebeardtech/nbmake#129; CI at stop 68).
nbval has no option for the transport, so its kernel manager is given it here; the test that
runs the notebooks on another export (tests/test_notebooks_other_data.py) starts its kernels
the same way.
"""

import uuid
from pathlib import Path

import nbval.kernel
from jupyter_client.manager import KernelManager
from jupyter_core.paths import jupyter_runtime_dir


def ipc_kernel_manager(manager=KernelManager, **kwargs) -> KernelManager:
    """A kernel manager (``manager``, given ``kwargs``) whose kernel listens on Unix sockets."""
    # sockets named for this kernel alone, at an absolute path: the kernel runs in the
    # notebook's folder, and a relative name would be a different file there
    sockets = Path(jupyter_runtime_dir()) / f"kernel-{uuid.uuid4().hex[:12]}-ipc"
    sockets.parent.mkdir(parents=True, exist_ok=True)
    return manager(transport="ipc", ip=str(sockets), **kwargs)


nbval.kernel.KernelManager = ipc_kernel_manager
