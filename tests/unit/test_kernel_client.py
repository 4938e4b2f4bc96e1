"""run/kernel_client.py: ready when the kernel answered on shell and IOPub, without waiting for
IOPub to fall quiet; a dead or silent kernel still ends in RuntimeError."""

from __future__ import annotations

import asyncio
from queue import Empty

import pytest

from sdmonitor.run.kernel_client import ReadyClient


class _Scripted(ReadyClient):
    """A client whose channels answer from scripts instead of a kernel."""

    def __init__(self, shell: list, iopub: list, alive: bool = True) -> None:
        super().__init__()
        self.shell, self.iopub, self.alive, self.asked, self.handled = shell, iopub, alive, 0, None

    def kernel_info(self) -> str:
        self.asked += 1
        return "info"

    async def get_shell_msg(self, *args, **kwargs):
        if not self.shell:
            raise Empty
        return self.shell.pop(0)

    async def get_iopub_msg(self, *args, **kwargs):
        if self.iopub is None:  # a busy kernel's IOPub: never quiet
            return {"msg_type": "stream"}
        if not self.iopub:
            raise Empty
        return self.iopub.pop(0)

    async def is_alive(self) -> bool:
        return self.alive

    def _handle_kernel_info_reply(self, msg) -> None:
        self.handled = msg


REPLY = {"msg_type": "kernel_info_reply", "content": {}}


def test_ready_while_iopub_keeps_delivering():
    # jupyter_client drains IOPub until 0,2 s pass without a message: with a chapter's outputs of
    # another request still coming, it would wait on; this client is ready after the first one.
    client = _Scripted([REPLY], iopub=None)
    asyncio.run(client.wait_for_ready(timeout=5))
    assert client.handled is REPLY and client.asked == 1


def test_asks_again_until_iopub_is_connected():
    client = _Scripted([REPLY, REPLY], iopub=[])

    async def first_empty_then_message(*args, **kwargs):
        if client.asked < 2:
            raise Empty
        return {"msg_type": "status"}

    client.get_iopub_msg = first_empty_then_message
    asyncio.run(client.wait_for_ready(timeout=5))
    assert client.asked == 2 and client.handled is REPLY


def test_a_dead_kernel_is_an_error():
    with pytest.raises(RuntimeError, match="died"):
        asyncio.run(_Scripted([], iopub=[], alive=False).wait_for_ready(timeout=5))


def test_a_silent_kernel_times_out():
    with pytest.raises(RuntimeError, match="respond"):
        asyncio.run(_Scripted([], iopub=[]).wait_for_ready(timeout=0))
