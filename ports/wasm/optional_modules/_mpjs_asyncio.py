# asyncio on the JavaScript event loop (WebAssembly builds; README, "Python <-> JavaScript").
#
# Upstream's asyncio runs its tasks in a loop that blocks (run_until_complete),
# which in a page would freeze it. Here the same tasks (upstream's asyncio
# package and its C half, _asyncio) run in steps scheduled with JS timers:
# whenever Python returns to JavaScript, wake() schedules a step for when the
# first queued task is due; a step runs the tasks that are due (for at most
# STEP_BUDGET_MS, then it yields to JS). A task that awaits a JS thenable
# yields it (mpjs_jsproxy.c's awaiter); the step then waits for it with .then() and
# requeues the task with the value (or the JsException to throw in).
#
# asyncio.run() (loop.run_until_complete) stays upstream's blocking loop, for
# programs (upstream's tests); it runs through _run too. Where Python can be
# suspended (asyncify), it waits for JS promises by suspending (jsffi._wait_settled).
#
# mpjs_run.c imports this module right after the first `import asyncio`, runs
# runPythonAsync's top-level code as a task and hands coroutines to JS as the
# Promises of their tasks (top_level()).
#
# Nothing a task raises leaves a step (a JS timer callback: a throw there would be
# uncaught, and ends a node process): a top-level task's exception, any
# BaseException included (KeyboardInterrupt, runlimits.QuotaExceeded, SystemExit),
# rejects its Promise; a background task's goes to the tasks awaiting it, else to
# the loop's exception handler (printed on stderr), as asyncio does.
import sys
import js
import jsffi
from time import ticks_ms as _ticks, ticks_diff as _ticks_diff, ticks_add as _ticks_add

from asyncio import core

STEP_BUDGET_MS = 20

_timer = None  # the JS timer of the next step, or None
_timer_due = 0  # when it fires (ticks_ms)
_sent = {}  # task -> value its awaited thenable resolved to
_awaiting = {}  # task -> the thenable it waits for
_runs = {}  # runPythonAsync's pending task -> [reject of its Promise, its deadline's JS timer or None]

try:
    from runlimits import _time_left
except ImportError:
    _time_left = None


def wake():
    """mpjs_run.c calls this whenever JavaScript regains control from Python: a
    step then comes when the first queued task is due."""
    if _blocking:
        return
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
    if _blocking:
        return  # a blocking run (suspended by asyncify) runs the tasks
    queue = core._task_queue
    start = _ticks()
    while True:
        task = queue.peek()
        if task is None or _ticks_diff(task.ph_key, _ticks()) > 0:
            return  # (then wake() schedules the next step)
        if _ticks_diff(_ticks(), start) >= STEP_BUDGET_MS:
            return  # let JavaScript run in between
        try:
            _run(queue.pop(), None, BaseException)
        except BaseException as er:  # (an exception handler that raised)
            sys.print_exception(er)


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


# (Built once: a task may run with the heap locked.)
_EXCS_ALL = (core.CancelledError, Exception)
_EXCS_STOP = (core.CancelledError, StopIteration)


# One turn of a task, and what upstream's run_until_complete does when it ends
# (main_task: its result is returned or its exception raised, as there).
# An exception that is not one of `excs` leaves the loop (upstream's blocking
# loop: KeyboardInterrupt, SystemExit); JS's steps end the task with any.
def _run(t, main_task=None, excs=_EXCS_ALL):
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
    except excs as er:
        assert t.data is None
        if t is main_task:
            if isinstance(er, StopIteration):
                return (er.value,)
            raise er
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
            if not waiting and not isinstance(er, _EXCS_STOP):
                core._task_queue.push(t)  # reported later unless something awaits it
            t.data = er
        elif t.state is None:
            t.data = exc
            core._exc_context["exception"] = exc
            core._exc_context["future"] = t
            core.Loop.call_exception_handler(core._exc_context)
    finally:
        core.cur_task = None
    return None  # (the main task's end: a 1-tuple of its result)


def _promise_of(task, run):
    """A JS Promise of the task's result (it must not be awaited elsewhere); run: the
    task is runPythonAsync's (see _runs)."""

    def executor(resolve, reject):
        def done(t, er):
            pending = _runs.pop(task, None)
            if run and pending is None:
                return  # rejected already (deadline, interrupt(), reset())
            if pending is not None and pending[1] is not None:
                js.clearTimeout(pending[1])
            if isinstance(er, StopIteration):
                resolve(er.value)
            else:
                reject(er)

        task.state = done
        if run:
            _runs[task] = [reject, None]

    return js.Promise.new(executor)


def _cancel(task):
    task.cancel()
    # cancel() leaves a task that waits for a JS thenable off every queue: it runs now.
    for t in list(_awaiting):
        if t.data is core.CancelledError:
            del _awaiting[t]
            core._task_queue.push(t)  # (which clears data)
            t.data = core.CancelledError


def _end(task, exc):
    """Rejects the top-level task's Promise with exc at once and cancels the task."""
    pending = _runs.pop(task, None)
    if pending is None:
        return
    if pending[1] is not None:
        js.clearTimeout(pending[1])
    pending[0](exc)
    _cancel(task)


def _watch_deadline(task):
    """The quota's timeoutMs holds across awaits: at the deadline a task that is
    waiting (no Python runs to raise QuotaExceeded in it) ends with it."""
    pending = _runs.get(task)
    left = _time_left() if _time_left is not None and pending is not None else None
    if left is None:
        return  # no timeout in force (or it ended with the run that set it)
    if left[0] > 0:
        pending[1] = js.setTimeout(lambda: _watch_deadline(task), left[0])
    else:
        pending[1] = None
        _end(task, left[1])


def top_level(coro, run=False):
    """A coroutine going to JS as a task, as a JS Promise; run: runPythonAsync's code
    with top-level await (mpjs_run.c), which the run's quota, interrupt() and reset()
    end: other coroutines JS holds are left pending by those. Its first turn runs now,
    as the code up to its first await would without asyncio, not at the next step: a
    timer that fell due meanwhile must not get ahead of it."""
    task = core.create_task(coro)
    promise = _promise_of(task, run)
    core._task_queue.remove(task)
    _run(task, None, BaseException)
    _watch_deadline(task)
    return promise


def interrupt():
    """api.mjs's interrupt() while no Python runs: the pending runPythonAsync tasks
    end with KeyboardInterrupt (their Promises reject). Whether there were any."""
    tasks = list(_runs)
    for task in tasks:
        _end(task, KeyboardInterrupt())
    return bool(tasks)


def drop_all():
    """reset(): the tasks go with this interpreter. Pending runPythonAsync Promises
    reject (other Promises of coroutines stay pending: JS may not handle a rejection);
    no JS timer of this module stays set (a thenable's callbacks of a task that waited
    for it do nothing once the interpreter is replaced)."""
    global _timer
    for task in list(_runs):
        _end(task, RuntimeError("reset() stopped this run (its asyncio task was waiting)"))
    while core._task_queue.peek():
        core._task_queue.pop()
    _awaiting.clear()
    _sent.clear()
    if _timer is not None:
        js.clearTimeout(_timer)
        _timer = None


_blocking = 0  # blocking runs in progress (steps wait for them to end)

# A blocking run waits for JS in slices of at most this long, so that Ctrl-C
# is taken even while a promise never settles.
_WAIT_SLICE_MS = 100

_CANNOT_WAIT = ("asyncio.run() blocks JavaScript here (this variant, or a call from JavaScript, can't suspend "
                "Python), so a task can't wait for a JavaScript promise in it: use top-level await "
                "(runPythonAsync, script tags), asyncio.create_task, or a variant that suspends (asyncify, jspi)")


def _wait_for_js(dt):
    """Lets JavaScript run until a promise that a task awaits settles, or for dt
    ms (-1: no limit), suspending Python (the port hook, mpjs_wait_settled).
    False where Python can't be suspended (nothing waited)."""
    thenables = list(_awaiting.values())
    thenable = thenables[0] if len(thenables) == 1 else js.Promise.race(jsffi.to_js(thenables))
    return jsffi._wait_settled(thenable, _WAIT_SLICE_MS if dt < 0 else min(dt, _WAIT_SLICE_MS))


def run_until_complete(main_task=None):
    """Upstream's blocking loop (asyncio.run, loop.run_until_complete): for
    programs, as upstream's tests expect. Where Python can suspend (asyncify),
    JavaScript runs while it waits: timers and promise callbacks, and a task
    may await a JS promise. Elsewhere JavaScript does not run meanwhile, so a
    task waiting for a JS promise in it cannot go on: that raises RuntimeError."""
    global _blocking
    _blocking += 1
    try:
        while True:
            # As upstream: wait (polling I/O) until the first task is due.
            dt = 1
            while dt > 0:
                dt = -1
                t = core._task_queue.peek()
                if t:
                    dt = max(0, _ticks_diff(t.ph_key, _ticks()))
                if dt != 0 and _awaiting and not core._io_queue.map \
                        and not (main_task is not None and main_task.done()):
                    # tasks wait for JS promises: JavaScript must run
                    if _wait_for_js(dt):
                        dt = 1
                        continue
                    if dt < 0:
                        raise RuntimeError(_CANNOT_WAIT)
                elif dt < 0 and not core._io_queue.map:
                    return None
                core._io_queue.wait_io_event(dt)
            ended = _run(core._task_queue.pop(), main_task)
            if ended is not None:
                return ended[0]
    finally:
        _blocking -= 1
        core.cur_task = None


core.run_until_complete = run_until_complete
