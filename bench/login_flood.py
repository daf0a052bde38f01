"""A failed-login flood against a running portal, and how long `GET /` takes meanwhile.

    python bench/login_flood.py http://127.0.0.1:8000 [attempts] [threads]

Each attempt uses a new username from one address (password spraying). Before
the per-address lockout every attempt hashed a password in a sync worker and
`GET /` waited behind them; now the address is locked after
LOGIN_ADDRESS_FAILURE_LIMIT failures and later attempts are refused before
the hash."""

import http.cookiejar
import re
import statistics
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request


def _opener():
    return urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )


def _attempt(base, n, results):
    opener = _opener()
    page = opener.open(f"{base}/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": f"spray{n:04d}", "password": "Spring2026!"}
    ).encode()
    request = urllib.request.Request(
        f"{base}/accounts/login/", data=data, headers={"Referer": f"{base}/accounts/login/"}
    )
    try:
        status = opener.open(request).status
    except urllib.error.HTTPError as exc:
        status = exc.code
    results.append(status)


def _home(base):
    start = time.perf_counter()
    urllib.request.urlopen(f"{base}/").read()
    return time.perf_counter() - start


def main(base, attempts=48, threads=8):
    idle = [_home(base) for _ in range(5)]
    results, timings = [], []
    queue = list(range(attempts))
    lock = threading.Lock()

    def worker():
        while True:
            with lock:
                if not queue:
                    return
                n = queue.pop()
            _attempt(base, n, results)

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    while any(thread.is_alive() for thread in pool):
        timings.append(_home(base))
    for thread in pool:
        thread.join()
    print(f"GET / idle: median {statistics.median(idle):.3f} s")
    if timings:
        print(
            f"GET / during the flood: median {statistics.median(timings):.3f} s, "
            f"max {max(timings):.3f} s ({len(timings)} requests)"
        )
    print("login answers:", {s: results.count(s) for s in sorted(set(results))})


if __name__ == "__main__":
    args = sys.argv[1:]
    main(args[0].rstrip("/"), *(int(a) for a in args[1:]))
