"""The web server's checks run in the checker's worker processes.

A :class:`CheckPool` owns ``size`` :class:`~derive.checker.worker.Worker`
processes. A check waits for an idle worker, then runs in a thread while the
event loop serves other requests; the worker enforces the time limit (a
hostile answer gets its process killed and a fresh one started), so it holds
one worker for at most that long and the others go on. Each worker keeps the
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
from collections import OrderedDict

from ..checker.worker import DEFAULT_TIMEOUT, Worker

REMEMBERED = 4096      # question keys remembered per worker, for affinity


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

    def _condition(self):
        if self._cond is None:
            self._cond = asyncio.Condition()
        return self._cond

    async def _acquire(self, key):
        cond = self._condition()
        async with cond:
            await cond.wait_for(lambda: self._idle)
            slot = next((s for s in self._idle if key in s.seen), self._idle[0])
            self._idle.remove(slot)
            return slot

    async def _release(self, slot):
        cond = self._condition()
        async with cond:
            self._idle.append(slot)
            cond.notify()

    async def run(self, request):
        """Run one worker request (``{"op": "check", ...}``); returns its result."""
        from starlette.concurrency import run_in_threadpool

        key = json.dumps(request.get("question", {}), sort_keys=True)
        slot = await self._acquire(key)
        try:
            result = await run_in_threadpool(slot.worker.run, request)
            if result is not None and result.get("status") not in ("timeout", "crashed"):
                slot.remember(key)
            else:
                slot.seen.clear()        # a fresh process: it has prepared nothing
            return result
        finally:
            await self._release(slot)

    async def check(self, answer, question, lang="en"):
        """Grade one answer; ``question`` as :meth:`Grader.problem` takes it."""
        return await self.run({"op": "check", "answer": answer, "question": question, "lang": lang})

    async def warm(self, questions, lang="en"):
        """Prepare ``questions`` in every worker (one answer each, results dropped)."""
        for question in questions:
            await asyncio.gather(*(self._warm_one(s, question, lang) for s in self._slots))

    async def _warm_one(self, slot, question, lang):
        from starlette.concurrency import run_in_threadpool

        key = json.dumps(question, sort_keys=True)
        cond = self._condition()
        async with cond:
            await cond.wait_for(lambda: slot in self._idle)
            self._idle.remove(slot)
        try:
            await run_in_threadpool(slot.worker.run, {"op": "check", "answer": "0", "question": question,
                                                       "lang": lang})
            slot.remember(key)
        finally:
            await self._release(slot)

    def close(self):
        for slot in self._slots:
            slot.worker.close()
