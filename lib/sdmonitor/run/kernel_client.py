"""The client of the chapter kernels: jupyter_client's, without its idle 0,2 s per connection.

jupyter_client's `wait_for_ready` ends by draining IOPub until nothing arrives for 0,2 s. A
chapter connects twice (the kernel's reset, then nbclient's execution), so every chapter waited
0,4 s with nothing to do: 3,6 s of a nine-chapter monitor on one kernel. What the wait checks is
kept: the kernel answers kernel_info on the shell channel, and a message arrives on IOPub (the
subscription is live, so no output of the chapter's first cell is lost). The status messages of
that kernel_info still queued on IOPub need no draining: nbclient and the runner only take the
messages whose parent is their own request.

That holds only when no two clients send the same message id. jupyter_client gives every client
of a kernel manager a clone of its session: the same session id, and a message counter from 0, so
the reset's `execute` and the chapter's first cell were both `<session>_<pid>_1`. The kernel's
"idle" for the reset, published just after its reply, then reached the chapter's client and
ended its first cell before the cell's own messages came: no execution count, and any output of
that cell dropped. Each `ReadyClient` has a session id of its own.
"""

from __future__ import annotations

import time
from queue import Empty
from typing import Any

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.session import new_id

CLASS_NAME = f"{__name__}.ReadyClient"


class ReadyClient(AsyncKernelClient):
    """`AsyncKernelClient` whose `wait_for_ready` returns as soon as shell and IOPub answered, and
    whose message ids no other client of the kernel sends (a session id of its own)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.session.session = new_id()  # its own clone of the manager's session: only this client

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        """Wait until the kernel replies to kernel_info and IOPub delivers; RuntimeError when the
        kernel dies first or `timeout` seconds pass."""
        deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
        while True:
            self.kernel_info()
            try:
                reply = await self.get_shell_msg(timeout=1)
            except Empty:
                pass
            else:
                if reply["msg_type"] == "kernel_info_reply":
                    try:
                        await self.get_iopub_msg(timeout=0.2)
                    except Empty:
                        pass  # IOPub not connected yet: ask again
                    else:
                        self._handle_kernel_info_reply(reply)
                        return
            if not await self.is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")


__all__ = ["CLASS_NAME", "ReadyClient"]
