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


def test_two_clients_of_one_kernel_never_send_the_same_message_id():
    # jupyter_client gives every client a clone of the manager's session (same id, counter from 0):
    # the reset's execute and a chapter's first cell were both <session>_<pid>_1, and the reset's
    # late "idle" ended the chapter's first cell before its own messages came.
    from jupyter_client.manager import AsyncKernelManager

    from sdmonitor.run import kernel_client

    km = AsyncKernelManager(kernel_name="python3", client_class=kernel_client.CLASS_NAME)
    reset, chapter = km.client(), km.client()
    ids = [reset.session.msg_id for _ in range(3)], [chapter.session.msg_id for _ in range(3)]
    assert not set(ids[0]) & set(ids[1])
    assert reset.session.key == chapter.session.key  # both still sign for the same kernel
    assert chapter.session.bsession == chapter.session.session.encode("ascii")
