"""Handing work to the broker from a web request."""

import logging

logger = logging.getLogger(__name__)

# One connection attempt, bounded by broker_connection_timeout and the
# transport's socket_connect_timeout (settings), and no retry.
NO_RETRY = {"max_retries": 0}


def enqueue(task, *args, **options) -> bool:
    """Hand a task to the broker from a web request; True if it was queued.

    The caller has already stored what the task works on (an outbox row, an
    export row, the deliveries), and a beat job or a sweeper picks up whatever
    was not queued, so a broker that is down must cost the request one short
    connection attempt, never the default retries (about 19 s with the Redis
    result backend's 20 reconnections, or kombu's reconnect loop when
    publish retries are switched off with ``retry=False`` alone):

    - ``retry_policy`` of no retries: kombu tries to connect once;
    - ``ignore_result``: the Redis result backend does not subscribe to the
      task's result (its reconnection loop is what takes 19 s), and nobody
      reads these results anyway (progress lives in the database rows).
    """
    try:
        task.apply_async(args, retry=True, retry_policy=NO_RETRY, ignore_result=True, **options)
    except Exception:  # broker down or unreachable
        logger.warning(
            "broker unavailable; %s%r not queued, left for its sweeper",
            task.name,
            args,
            exc_info=True,
        )
        return False
    return True
