"""The web server's checks run in the checker's worker processes.

A :class:`CheckPool` owns ``size`` :class:`~derive.checker.worker.Worker`
processes. A check waits for an idle worker, sends the request through the
worker's asynchronous interface (``send``, ``collect``, ``expire``) and waits
on its pipe in the event loop itself, which serves other requests meanwhile
(no thread per check). Past the time limit the worker's process is killed and
a fresh one started, so a hostile answer holds one worker for at most that
long and the others go on. Each worker keeps the
questions it has prepared, so a check is sent to an idle worker that has
seen the question before when there is one.

>>> import asyncio
>>> async def one():
...     pool = CheckPool(1, timeout=20)
...     try:
...         return (await pool.check("(1+2R5/RG)*R2/R1*(V1-V2)", {"circuit": "inamp"}))["status"]
...     finally:
...         pool.close()
>>> asyncio.run(one())
'equal'
"""
import asyncio
import json
import time
from collections import OrderedDict

from ..checker.worker import DEFAULT_TIMEOUT, Worker

REMEMBERED = 4096      # question keys remembered per worker, for affinity
STICKY = 0.3           # seconds a check waits for the busy worker that has its question prepared


POLL = 0.25      # seconds between looks at a worker's deadline while it works


async def exchange(worker, request):
    """Send ``request`` to ``worker`` and await its result in the running event
    loop (its pipe watched with ``add_reader``); past the worker's deadline the
    process is killed and the result says ``timeout``."""
    loop = asyncio.get_running_loop()
    if worker.proc is None or worker.proc.poll() is not None:
        await asyncio.to_thread(worker.send, request)      # starting a process takes a moment
    else:
        worker.send(request)
    done = loop.create_future()
    fd = worker.fileno()

    def readable():
        loop.remove_reader(fd)          # before collect(), which closes the pipe if the worker died
        result = worker.collect()
        if result is not None or worker.proc is None:
            if not done.done():
                done.set_result(result)
        else:
            loop.add_reader(fd, readable)

    loop.add_reader(fd, readable)
    try:
        while not done.done():
            left = worker.deadline - time.monotonic()
            if left <= 0:
                loop.remove_reader(fd)
                return await asyncio.to_thread(worker.expire)
            await asyncio.wait([done], timeout=min(left, POLL))
        return done.result()
    except asyncio.CancelledError:      # the answer would arrive for the next request: drop the process
        loop.remove_reader(fd)
        worker.kill()
        raise
    finally:
        if worker.proc is not None:
            loop.remove_reader(fd)


class _Slot:
    def __init__(self, worker):
        self.worker = worker
        self.seen = OrderedDict()

    def remember(self, key):
        self.seen[key] = True
        self.seen.move_to_end(key)
        while len(self.seen) > REMEMBERED:
            self.seen.popitem(last=False)


class CheckPool:
    """``size`` warm worker processes shared by every request."""

    def __init__(self, size=2, timeout=DEFAULT_TIMEOUT, command=None):
        self.size = max(1, int(size))
        self.timeout = timeout
        self._slots = [_Slot(Worker(timeout=timeout, command=command)) for _ in range(self.size)]
        self._idle = list(self._slots)
        self._cond = None
        self._prefetching = set()

    def _condition(self):
        if self._cond is None:
            self._cond = asyncio.Condition()
        return self._cond

    async def _acquire(self, key):
        """An idle worker, preferably one that has prepared ``key`` already (a
        student's own numbers may take SymPy a fraction of a second to prepare):
        when such a worker is busy, wait for it a little before taking another."""
        cond = self._condition()
        async with cond:
            if not any(key in s.seen for s in self._idle) and any(key in s.seen for s in self._slots):
                try:
                    await asyncio.wait_for(cond.wait_for(lambda: any(key in s.seen for s in self._idle)), STICKY)
                except asyncio.TimeoutError:
                    pass
            await cond.wait_for(lambda: self._idle)
            slot = next((s for s in self._idle if key in s.seen), self._idle[0])
            self._idle.remove(slot)
            return slot

    async def _release(self, slot):
        cond = self._condition()
        async with cond:
            self._idle.append(slot)
            cond.notify_all()

    async def run(self, request):
        """Run one worker request (``{"op": "check", ...}``); returns its result."""
        key = json.dumps(request.get("question", {}), sort_keys=True)
        slot = await self._acquire(key)
        try:
            result = await exchange(slot.worker, request)
            if result is not None and result.get("status") not in ("timeout", "crashed"):
                slot.remember(key)
            else:
                slot.seen.clear()        # a fresh process: it has prepared nothing
            return result
        finally:
            await self._release(slot)

    def prefetch(self, question, lang="en"):
        """Prepare ``question`` (a student's numbers) on an idle worker now, when one
        is idle and none has it yet, so their first check does not wait for it."""
        key = json.dumps(question, sort_keys=True)
        if not self._idle or key in self._prefetching or any(key in s.seen for s in self._slots):
            return None
        self._prefetching.add(key)
        task = asyncio.ensure_future(self.run({"op": "check", "answer": "0", "question": question, "lang": lang}))
        task.add_done_callback(lambda _: self._prefetching.discard(key))
        return task

    async def check(self, answer, question, lang="en"):
        """Grade one answer; ``question`` as :meth:`Grader.problem` takes it."""
        return await self.run({"op": "check", "answer": answer, "question": question, "lang": lang})

    async def warm(self, questions, lang="en"):
        """Prepare ``questions`` in every worker (one answer each, results dropped)."""
        for question in questions:
            await asyncio.gather(*(self._warm_one(s, question, lang) for s in self._slots))

    async def _warm_one(self, slot, question, lang):
        key = json.dumps(question, sort_keys=True)
        cond = self._condition()
        async with cond:
            await cond.wait_for(lambda: slot in self._idle)
            self._idle.remove(slot)
        try:
            await exchange(slot.worker, {"op": "check", "answer": "0", "question": question, "lang": lang})
            slot.remember(key)
        finally:
            await self._release(slot)

    def close(self):
        for slot in self._slots:
            slot.worker.close()
