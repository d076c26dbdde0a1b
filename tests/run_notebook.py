"""Execute one notebook top to bottom, from its own folder, with outbound network calls refused.

Run with the Python of the environment under test (the tests pass a reader's environment):
    python tests/run_notebook.py chapters/start-here.ipynb
Exit status 0 when every cell ran; otherwise the failing cell's error is printed.
A guard cell (not saved anywhere) runs first and makes any connection that leaves the machine
raise OSError, so a notebook that fetches from the network fails even where the test cannot
cut the network off entirely.
"""

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

GUARD = '''
import socket as _socket
def _refuse_outside(connect):
    def guarded(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if self.family in (_socket.AF_INET, _socket.AF_INET6) and not (
            str(host).startswith("127.") or host in ("localhost", "::1")
        ):
            raise OSError(f"network access is blocked while notebooks are tested: tried to reach {address}")
        return connect(self, address)
    return guarded
_socket.socket.connect = _refuse_outside(_socket.socket.connect)
_socket.socket.connect_ex = _refuse_outside(_socket.socket.connect_ex)
del _refuse_outside
'''


def main(path: str) -> int:
    notebook_path = Path(path).resolve()
    nb = nbformat.read(notebook_path, as_version=4)
    nb.cells.insert(0, nbformat.v4.new_code_cell(GUARD))
    client = NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(notebook_path.parent)}}
    )
    try:
        client.execute()
    except CellExecutionError as err:
        print(f"{notebook_path.name}: a cell failed:\n{err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
