"""Which pytest-xdist worker this process is, for resources tests start
themselves (ports, server databases): 0 without xdist or on worker gw0."""

import os

WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)


def port(base: int) -> int:
    """A port of this worker's own: `base` on worker 0, base + 20·N on worker N."""
    return base + 20 * WORKER
