"""Run work on a stranger's bytes in a child process bounded in memory, CPU time and wall time.

PDFium, libxml2 and zlib are C code reading input from pull requests and web
servers: a content stream that inflates to gigabytes, a page of millions of
text objects, a parser bug that crashes, a server that drips header bytes
forever. None of that can be bounded from inside the process doing it. So
extraction (``formats.extract_layers``), reading a downloaded page's metadata
and the download itself run through ``isolated``: the work is done in a forked
child with ``RLIMIT_AS`` (address space beyond what the parent already maps),
``RLIMIT_CPU`` and no core dumps, while the parent waits at most ``Bounds.wall``
seconds. A child killed by a limit or a signal, or one that overruns the wall
time, becomes ``Exceeded`` with a sentence saying which bound it met; the
caller turns that into its own located finding. An exception the work raises on
purpose (a refusal) is passed back and raised again in the parent.

Costs on the normal path: one fork and one pickle of the result per call
(measured in docs/bad-input.md). Where ``os.fork`` does not exist the work runs
in-process, bounded only by the input limits.

The result comes back pickled. The child runs as the same user with the same
rights as the parent, so unpickling what it sends gives it nothing it does not
already have.
"""

from __future__ import annotations

import faulthandler
import os
import pickle
import resource
import select
import signal
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Bounds:
    memory: int = 1 << 30
    """Bytes of address space the work may add to what the process already maps."""
    cpu: int = 60
    """CPU seconds."""
    wall: float = 180.0
    """Seconds in all, waiting included (a machine shared by CI jobs runs slower than its CPU time)."""


EXTRACTION = Bounds()
"""The bounds of extracting one document (and of reading a downloaded document's metadata)."""


class Exceeded(Exception):
    """The isolated work crashed or met a bound; the message says which, as a predicate
    ("needed more than 1,024 MiB of memory") for the caller's sentence; ``bound`` is
    "wall", "cpu", "memory" or "crash"."""

    def __init__(self, message: str, bound: str) -> None:
        super().__init__(message)
        self.bound = bound


def isolated(work: Callable[[], T], bounds: Bounds) -> T:
    """``work()``'s result, computed in a bounded child process; ``Exceeded`` if it crashed or met a bound."""
    if not hasattr(os, "fork"):
        return work()
    resident = _resident_bytes()
    read_end, write_end = os.pipe()
    with warnings.catch_warnings():  # Python 3.12+ warns about fork with threads; the child only runs ``work``
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read_end)
        _child(work, bounds, write_end)
    os.close(write_end)
    try:
        payload = _read_all(read_end, time.monotonic() + bounds.wall)
    except TimeoutError:
        _kill(pid)
        raise Exceeded(f"did not finish within {bounds.wall:g} s", "wall") from None
    except BaseException:
        _kill(pid)
        raise
    finally:
        os.close(read_end)
    _, status, usage = os.wait4(pid, 0)
    try:
        outcome, value = pickle.loads(payload)
    except Exception:  # nothing, or an answer cut short: the child died first
        raise Exceeded(*_death(status, usage.ru_maxrss * 1024 - resident, bounds)) from None
    if outcome == "raised":
        raise value
    if outcome in ("memory", "crash"):
        raise Exceeded(value, outcome)
    return value


def _child(work: Callable[[], object], bounds: Bounds, write_end: int) -> None:
    code = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C ends the child with the parent, quietly
        faulthandler.disable()  # a crash is reported by the parent in one line, not as a stack dump
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)  # nothing the C libraries print reaches the terminal or the CI log
        os.dup2(devnull, 2)
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a crash must not write a core file into the registry
        resource.setrlimit(resource.RLIMIT_CPU, (bounds.cpu, bounds.cpu + 5))
        mapped = _mapped_bytes()
        if mapped is not None:
            resource.setrlimit(resource.RLIMIT_AS, (mapped + bounds.memory, mapped + bounds.memory))
        try:
            result: tuple[str, object] = ("ok", work())
        except MemoryError:
            result = ("memory", f"needed more than {_mib(bounds.memory)} of memory")
        except RecursionError:
            result = ("crash", "met structures nested too deeply to follow")
        except Exception as exc:
            result = ("raised", exc)
        try:
            payload = pickle.dumps(result)
        except Exception as exc:  # an exception that cannot be pickled: its words are enough
            payload = pickle.dumps(("crash", f"stopped ({type(exc).__name__})"))
        view = memoryview(payload)
        while view:
            view = view[os.write(write_end, view) :]
    except MemoryError:
        code = 3  # no room even to say so: the parent reads the memory bound from the empty answer
    except BaseException:
        code = 4
    finally:
        os._exit(code)  # no atexit handlers, no flushing of the parent's buffers


def _read_all(fd: int, deadline: float) -> bytes:
    chunks: list[bytes] = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            raise TimeoutError
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _death(status: int, grown: int, bounds: Bounds) -> tuple[str, str]:
    """Why a child that sent nothing ended (``grown``: how far its resident size grew past the parent's): a predicate and the bound."""
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        if number in (signal.SIGXCPU, signal.SIGKILL):
            return f"used more than {bounds.cpu} s of CPU time (or was killed)", "cpu"
        if grown >= 0.9 * bounds.memory:  # C code that cannot allocate aborts (PDFium: SIGABRT) rather than raise
            return f"needed more than {_mib(bounds.memory)} of memory", "memory"
        name = signal.Signals(number).name if number in signal.Signals._value2member_map_ else str(number)
        return f"crashed ({name})", "crash"
    if os.WIFEXITED(status) and os.WEXITSTATUS(status) == 3:
        return f"needed more than {_mib(bounds.memory)} of memory", "memory"
    return "stopped without an answer", "crash"


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass


def _mapped_bytes() -> int | None:
    """This process's address space now (``/proc/self/statm``), or None where it cannot be read."""
    return _statm(0)


def _resident_bytes() -> int:
    """This process's resident size now (0 where it cannot be read)."""
    return _statm(1) or 0


def _statm(field: int) -> int | None:
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[field]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return None


def _mib(size: int) -> str:
    return f"{size / 2**20:,.0f} MiB"
