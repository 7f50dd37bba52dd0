"""How a worker stops: promptly, whatever the SMS gateway or the mail relay does (issue 47).

On SIGTERM (or Ctrl-C) RQ's worker takes no more jobs and waits for the one in hand (a warm shutdown). This worker
passes the request on to its work horse as SIGUSR1: the batch jobs (worker/sms.py, worker/delivery.py) check for it
between messages, finish the message in hand — bounded by the gateway's and the relay's connect and read timeouts —,
give back the rows they have not sent (pending again; the outbox sweep re-enqueues them) and return. A second SIGTERM
kills the work horse at once (RQ's cold shutdown).

It also bounds the last step of every stop, unsubscribing from the worker's pub/sub channel: RQ's own waits for the
pub/sub thread without a bound under redis-py 8.2 (``PubSubWorkerThread.stop()`` joins it), and that thread sits in
a 60 s wait once it has read the unsubscribe reply, so a worker could take a minute to exit after its last job."""
from __future__ import annotations

import contextlib
import os
import signal
from typing import Any

import rq
from redis.exceptions import RedisError

from worker import runtime

STOP_SIGNAL = signal.SIGUSR1


class Worker(rq.Worker):
    def work(self, *args: Any, **kwargs: Any) -> bool:
        # installed before any work horse is forked, so that each inherits it from its first instruction
        signal.signal(STOP_SIGNAL, runtime.request_stop)
        return super().work(*args, **kwargs)

    def handle_warm_shutdown_request(self) -> None:
        super().handle_warm_shutdown_request()
        if self.horse_pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.horse_pid, STOP_SIGNAL)
                self.log.info("Worker %s: asked work horse %s to stop after the message in hand", self.name,
                              self.horse_pid)

    def unsubscribe(self) -> None:
        thread = self.pubsub_thread
        if thread is None:
            return
        self.log.info("Worker %s: unsubscribing from channel %s", self.name, self.pubsub_channel_name)
        running = getattr(thread, "_running", None)  # redis-py's loop flag: stop() would wait for the thread
        if running is not None:
            running.clear()
        with contextlib.suppress(RedisError, OSError):
            self.pubsub.unsubscribe()  # its reply wakes the thread, which then leaves its loop and closes
        thread.join(timeout=1)  # a daemon thread: the process exits even if it is still waiting
