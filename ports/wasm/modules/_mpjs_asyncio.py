# asyncio on the JavaScript event loop (WebAssembly builds; README, "Python <-> JavaScript").
#
# Upstream's asyncio runs its tasks in a loop that blocks (run_until_complete),
# which in a page would freeze it. Here the same tasks (upstream's asyncio
# package and its C half, _asyncio) run in steps scheduled with JS timers:
# whenever Python returns to JavaScript, wake() schedules a step for when the
# first queued task is due; a step runs the tasks that are due (for at most
# STEP_BUDGET_MS, then it yields to JS). A task that awaits a JS thenable
# yields it (modjs.c's awaiter); the step then waits for it with .then() and
# requeues the task with the value (or the JsException to throw in).
#
# modjs.c imports this module right after the first `import asyncio` and
# runs runPythonAsync's top-level code as a task (top_level()).
import js
import jsffi
from time import ticks_ms as _ticks, ticks_diff as _ticks_diff, ticks_add as _ticks_add

import asyncio
from asyncio import core

STEP_BUDGET_MS = 20

_timer = None  # the JS timer of the next step, or None
_timer_due = 0  # when it fires (ticks_ms)
_sent = {}  # task -> value its awaited thenable resolved to
_awaiting = {}  # task -> the thenable it waits for


def wake():
    """modjs.c calls this whenever JavaScript regains control from Python: a
    step then comes when the first queued task is due."""
    task = core._task_queue.peek()
    if task is not None:
        _schedule(max(0, _ticks_diff(task.ph_key, _ticks())))


def _schedule(delay_ms):
    global _timer, _timer_due
    due = _ticks_add(_ticks(), delay_ms)
    if _timer is not None:
        if _ticks_diff(_timer_due, due) <= 0:
            return  # a step comes soon enough
        js.clearTimeout(_timer)
    _timer_due = due
    _timer = js.setTimeout(_step, delay_ms)


def _step():
    global _timer
    _timer = None
    queue = core._task_queue
    start = _ticks()
    while True:
        task = queue.peek()
        if task is None or _ticks_diff(task.ph_key, _ticks()) > 0:
            return  # (then wake() schedules the next step)
        if _ticks_diff(_ticks(), start) >= STEP_BUDGET_MS:
            return  # let JavaScript run in between
        _run(queue.pop())


def _js_exception(error):
    try:
        name, message = error.name, error.message
    except Exception:
        name, message = type(error).__name__, str(error)
    return jsffi.JsException(error, name, message)


def _wait_for_thenable(task, thenable):
    _awaiting[task] = thenable

    def resolved(value=None):
        if _awaiting.get(task) is thenable:  # (not cancelled meanwhile)
            del _awaiting[task]
            _sent[task] = value
            core._task_queue.push(task)

    def rejected(error=None):
        if _awaiting.get(task) is thenable:
            del _awaiting[task]
            core._task_queue.push(task)
            task.data = _js_exception(error)  # (after push, which clears it) thrown in

    thenable.then(resolved, rejected)


# One turn of a task, and what upstream's run_until_complete does when it ends.
def _run(t):
    _awaiting.pop(t, None)
    core.cur_task = t
    try:
        exc = t.data
        if not exc:
            awaited = t.coro.send(_sent.pop(t, None))
        else:
            t.data = None
            _sent.pop(t, None)
            awaited = t.coro.throw(exc)
        if isinstance(awaited, jsffi.JsProxy):
            _wait_for_thenable(t, awaited)
    except (core.CancelledError, Exception) as er:
        assert t.data is None
        if t.state:
            waiting = False
            if t.state is True:
                t.state = None
            elif callable(t.state):
                t.state(t, er)
                t.state = False
                waiting = True
            else:
                while t.state.peek():
                    core._task_queue.push(t.state.pop())
                    waiting = True
                t.state = False
            if not waiting and not isinstance(er, (core.CancelledError, StopIteration)):
                core._task_queue.push(t)  # reported later unless something awaits it
            t.data = er
        elif t.state is None:
            t.data = exc
            core._exc_context["exception"] = exc
            core._exc_context["future"] = t
            core.Loop.call_exception_handler(core._exc_context)
    finally:
        core.cur_task = None


def _promise_of(task):
    """A JS Promise of the task's result (it must not be awaited elsewhere)."""

    def executor(resolve, reject):
        def done(t, er):
            if isinstance(er, StopIteration):
                resolve(er.value)
            else:
                reject(er)

        task.state = done

    return js.Promise.new(executor)


def top_level(coro):
    """runPythonAsync's code with top-level await: a task, as a JS Promise."""
    return _promise_of(core.create_task(coro))


# Nothing blocks: these start the task on the JS event loop and return it.
def run(coro):
    return core.create_task(coro)


def run_until_complete(main_task=None):
    return main_task


def _loop_run_forever():
    pass


def _loop_run_until_complete(aw):
    return core._promote_to_task(aw)


core.run = asyncio.run = run
core.run_until_complete = run_until_complete
core.Loop.run_forever = _loop_run_forever
core.Loop.run_until_complete = _loop_run_until_complete
