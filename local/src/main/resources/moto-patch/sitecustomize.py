"""Kinesis shard patch for the moto_server that `pipeline up` starts (Event Pipeline local cloud).

Loaded only by that child process: the local cloud extracts this file to .pipeline/moto-patch/ and
puts that directory first on the child's PYTHONPATH, so Python imports it at start-up.

Why: moto 5.x keeps a shard's records in an OrderedDict keyed 1, 2, 3, ... and
  * finds the next sequence number by copying every key of the shard (list(keys)[-1]) on each put,
  * answers every GetRecords by walking the shard from its first record,
so a run that pushes N records through a stream costs O(N^2); and GetRecords walks the dict while
PutRecords on another server thread inserts into it ("OrderedDict mutated during iteration" -> 500),
and two concurrent puts on one shard can pick the same sequence number.

What: per shard, one lock around reads and writes; the newest/oldest key read from the ends of the
dict; GetRecords jumps straight to the first wanted key and reads `limit` consecutive keys. Results
are the same as moto's own code: the same records, next iterator position and MillisBehindLatest.
Anything unexpected (another moto version, other signatures, keys that are not 1..n, an odd limit,
a failed self-check) leaves moto's own code in charge. One line on stderr says what was done.

Set EVENTPIPELINE_MOTO_PATCH=off in the environment of `pipeline up` to run moto as shipped.
"""

import os
import sys

_MARKER = "eventpipeline-moto-patch:"


def _say(message):
    sys.stderr.write(_MARKER + " " + message + "\n")
    sys.stderr.flush()


def _param_names(function):
    import inspect

    return [p.name for p in inspect.signature(function).parameters.values()]


# The moto 5.x functions this patch replaces or wraps, with the parameters it relies on.
_EXPECTED = {
    "get_records": ["self", "last_sequence_id", "limit"],
    "put_record": ["self", "partition_key", "data", "explicit_hash_key"],
    "get_min_sequence_number": ["self"],
    "get_max_sequence_number": ["self"],
    "get_sequence_number_at": ["self", "at_timestamp"],
}


def _patch(models):
    import threading

    shard_class = models.Shard
    original = {name: getattr(shard_class, name) for name in _EXPECTED}
    # One lock per shard, created on first use (setdefault is atomic under the GIL).
    lock_attr = "_eventpipeline_lock"

    def lock_of(shard):
        lock = shard.__dict__.get(lock_attr)
        if lock is None:
            lock = shard.__dict__.setdefault(lock_attr, threading.RLock())
        return lock

    def get_min_sequence_number(self):
        with lock_of(self):
            return next(iter(self.records)) if self.records else 0

    def get_max_sequence_number(self):
        with lock_of(self):
            return next(reversed(self.records)) if self.records else 0

    def put_record(self, partition_key, data, explicit_hash_key):
        # moto's own code, which now finds the last key in O(1), made atomic: no two puts share a number.
        with lock_of(self):
            return original["put_record"](self, partition_key, data, explicit_hash_key)

    def get_sequence_number_at(self, at_timestamp):
        with lock_of(self):
            return original["get_sequence_number_at"](self, at_timestamp)

    def get_records(self, last_sequence_id, limit):
        with lock_of(self):
            records = self.records
            fast = limit is None or (type(limit) is int and limit >= 1)
            if fast and records:
                first = next(iter(records))
                newest = next(reversed(records))
                fast = type(first) is int and type(newest) is int and newest - first + 1 == len(records)
            if not fast:
                return original["get_records"](self, last_sequence_id, limit)
            last = int(last_sequence_id)
            if not records:
                return [], last, 0
            # Keys are exactly first..newest, inserted in that order: the walk moto does is this slice.
            start = max(last + 1, first)
            stop = newest if limit is None else min(newest, start + limit - 1)
            if start > stop:
                return [], last, 0
            results = [records[n] for n in range(start, stop + 1)]
            behind = records[newest].created_at - results[-1].created_at
            return results, stop, int(behind * 1000)

    replacements = {
        "get_records": get_records,
        "put_record": put_record,
        "get_min_sequence_number": get_min_sequence_number,
        "get_max_sequence_number": get_max_sequence_number,
        "get_sequence_number_at": get_sequence_number_at,
    }
    for name, function in replacements.items():
        function.__doc__ = "Event Pipeline local cloud: thread-safe, O(1) per record (see sitecustomize.py)."
        setattr(shard_class, name, function)
    return original


def _self_check(models, original):
    """Runs the patched and the original code side by side on a scratch shard; True when they agree."""
    shard = models.Shard(0, 0, 2**128 - 1)
    for i in range(12):
        shard.put_record("pk-%d" % i, "ZGF0YQ==", None)
    keys = list(shard.records.keys())
    if keys != list(range(1, 13)):
        return False
    if shard.get_min_sequence_number() != 1 or shard.get_max_sequence_number() != 12:
        return False
    for last in ("0", "1", "5", "11", "12", "20", "-3"):
        for limit in (None, 1, 3, 12, 10000):
            mine = shard.get_records(last, limit)
            theirs = original["get_records"](shard, last, limit)
            if [r.sequence_number for r in mine[0]] != [r.sequence_number for r in theirs[0]]:
                return False
            if mine[1] != theirs[1] or mine[2] != theirs[2]:
                return False
    return True


def _apply():
    if os.environ.get("EVENTPIPELINE_MOTO_PATCH", "").lower() in ("off", "0", "false", "no"):
        return "not applied (EVENTPIPELINE_MOTO_PATCH=off); moto runs as shipped"
    try:
        import moto
    except Exception as e:  # not the moto interpreter, or a broken install: nothing to do
        return "not applied (moto is not importable here: %s)" % type(e).__name__
    version = getattr(moto, "__version__", "unknown")
    if not str(version).startswith("5."):
        return "not applied: moto %s is not 5.x; its Kinesis runs as shipped" % version
    try:
        from moto.kinesis import models
    except Exception as e:
        return "not applied: moto %s has no usable moto.kinesis.models (%s); Kinesis runs as shipped" % (
            version, type(e).__name__)
    shard_class = getattr(models, "Shard", None)
    if shard_class is None or not hasattr(models, "Record"):
        return "not applied: moto %s has no kinesis Shard/Record; Kinesis runs as shipped" % version
    for name, params in _EXPECTED.items():
        function = getattr(shard_class, name, None)
        if function is None or _param_names(function) != params:
            return "not applied: moto %s Shard.%s is not %s(%s); Kinesis runs as shipped" % (
                version, name, name, ", ".join(params))
    try:
        original = _patch(models)
    except Exception as e:
        return "not applied: patching moto %s failed (%s); Kinesis runs as shipped" % (version, e)
    try:
        agrees = _self_check(models, original)
    except Exception as e:
        agrees = False
    if not agrees:
        for name, function in original.items():
            setattr(shard_class, name, function)
        return "not applied: moto %s answered differently once patched (self-check); Kinesis runs as shipped" % version
    return ("applied to moto %s: Kinesis shards O(1) per record (PutRecord(s) and GetRecords), "
            "reads and writes of a shard serialized" % version)


def _chain_next_sitecustomize():
    """Runs the sitecustomize this file shadows, if the interpreter has one."""
    import importlib.machinery
    import importlib.util

    here = os.path.dirname(os.path.abspath(__file__))
    path = [p for p in sys.path if os.path.abspath(p or os.curdir) != here]
    spec = importlib.machinery.PathFinder.find_spec("sitecustomize", path)
    if spec is None or spec.loader is None or os.path.abspath(spec.origin or "") == os.path.abspath(__file__):
        return
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)


try:
    _say(_apply())
except Exception as e:  # never keep moto from starting
    _say("not applied (unexpected %s: %s); Kinesis runs as shipped" % (type(e).__name__, e))

try:
    _chain_next_sitecustomize()
except Exception:
    pass
