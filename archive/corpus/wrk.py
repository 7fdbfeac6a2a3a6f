"""Driving wrk and reading its results: the Lua script that rotates over a list of paths and
prints one machine-readable line, the parser for that line, and the figures table."""

import re
import subprocess

# wrk's own summary has no 95th percentile; this script prints every figure we report.
LUA_TEMPLATE = """
local paths = {%(paths)s}
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%%d duration_us=%%d p50_us=%%d p95_us=%%d p99_us=%%d max_us=%%d "
    .. "connect=%%d read=%%d write=%%d status=%%d timeout=%%d\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end
"""

RESULT_LINE = re.compile(r"^BENCH (?P<fields>.+)$", re.MULTILINE)


def lua_script(paths):
    """A wrk script requesting ``paths`` in turn (each connection starts at a different one)."""
    quoted = ", ".join('"' + p.replace("\\", "\\\\").replace('"', '\\"') + '"' for p in paths)
    return LUA_TEMPLATE % {"paths": quoted}


def parse(output):
    """The figures of one wrk run from its output: requests per second, latency
    percentiles in milliseconds and the number of errors (socket errors and HTTP 4xx/5xx)."""
    match = RESULT_LINE.search(output)
    if not match:
        raise ValueError("wrk printed no BENCH line; is the Lua script loaded?")
    fields = dict(item.split("=", 1) for item in match.group("fields").split())
    values = {key: int(value) for key, value in fields.items()}
    seconds = values["duration_us"] / 1_000_000
    errors = sum(values[k] for k in ("connect", "read", "write", "status", "timeout"))
    return {
        "requests": values["requests"],
        "seconds": round(seconds, 2),
        "rps": round(values["requests"] / seconds, 1) if seconds else 0.0,
        "p50_ms": round(values["p50_us"] / 1000, 1),
        "p95_ms": round(values["p95_us"] / 1000, 1),
        "p99_ms": round(values["p99_us"] / 1000, 1),
        "max_ms": round(values["max_us"] / 1000, 1),
        "errors": errors,
        "error_detail": {k: values[k] for k in ("connect", "read", "write", "status", "timeout")},
    }


def run(url, script_path, connections, seconds, timeout=30):
    """Run wrk against ``url`` with ``connections`` clients for ``seconds``; loopback only."""
    if not url.startswith(("http://127.0.0.1:", "http://localhost:")):
        raise ValueError("The benchmark only drives servers on the loopback interface.")
    command = [
        "wrk",
        f"--threads={min(connections, 2)}",
        f"--connections={connections}",
        f"--duration={seconds}s",
        f"--timeout={timeout}s",
        f"--script={script_path}",
        url,
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=True, timeout=seconds + timeout + 30)  # noqa: S603
    return parse(done.stdout)


def table(rows, columns):
    """A Markdown table of ``rows`` (dicts) with ``columns`` as (heading, key) pairs."""
    lines = ["| " + " | ".join(heading for heading, _key in columns) + " |"]
    lines.append("|" + "|".join("---" if i == 0 else "---:" for i in range(len(columns))) + "|")
    for row in rows:
        lines.append("| " + " | ".join(str(row.get(key, "")) for _heading, key in columns) + " |")
    return "\n".join(lines)
