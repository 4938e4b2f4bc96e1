"""The client of the chapter kernels: jupyter_client's, without its idle 0,2 s per connection.

jupyter_client's `wait_for_ready` ends by draining IOPub until nothing arrives for 0,2 s. A
chapter connects twice (the kernel's reset, then nbclient's execution), so every chapter waited
0,4 s with nothing to do: 3,6 s of a nine-chapter monitor on one kernel. What the wait checks is
kept: the kernel answers kernel_info on the shell channel, and a message arrives on IOPub (the
subscription is live, so no output of the chapter's first cell is lost). The status messages of
that kernel_info still queued on IOPub need no draining: nbclient and the runner only take the
messages whose parent is their own request.
"""

from __future__ import annotations

import time
from queue import Empty

from jupyter_client.asynchronous import AsyncKernelClient

CLASS_NAME = f"{__name__}.ReadyClient"


class ReadyClient(AsyncKernelClient):
    """`AsyncKernelClient` whose `wait_for_ready` returns as soon as shell and IOPub answered."""

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
