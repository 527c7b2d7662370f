"""pytest's view of the notebooks: ``make test`` checks their committed outputs with nbval.

Each notebook's kernel talks to pytest over Unix sockets (jupyter_client's ``ipc`` transport),
not TCP ports. Over TCP, the kernel manager picks free ports, closes them and hands them to the
kernel; a kernel started at the same moment by the other pytest worker, or an outgoing
connection, can take one first, and the kernel dies before it answers ("Kernel died before
replying to kernel_info": jupyter/jupyter_client#154, treebeardtech/nbmake#129; CI at stop 68).
nbval has no option for the transport, so its kernel manager is given it here; the test that
runs the notebooks on another export (tests/test_notebooks_other_data.py) starts its kernels
the same way, and so does the dashboard test's Voila server.
"""

import uuid
from pathlib import Path

import nbval.kernel
from jupyter_client.manager import KernelManager
from jupyter_core.paths import jupyter_runtime_dir


def ipc_sockets() -> str:
    """Where one kernel's Unix sockets go: a name of its own in Jupyter's runtime folder."""
    # absolute: the kernel runs in the notebook's folder, where a relative name is another file
    runtime = Path(jupyter_runtime_dir())
    runtime.mkdir(parents=True, exist_ok=True)
    return str(runtime / f"kernel-{uuid.uuid4().hex[:12]}-ipc")


def ipc_kernel_manager(manager=KernelManager, **kwargs) -> KernelManager:
    """A kernel manager (``manager``, given ``kwargs``) whose kernel listens on Unix sockets."""
    return manager(transport="ipc", ip=ipc_sockets(), **kwargs)


nbval.kernel.KernelManager = ipc_kernel_manager
