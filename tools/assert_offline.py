"""Exit 0 only if this process cannot reach the internet (run it under tools/offline)."""

import socket
import sys


def reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=3):
            return True
    except OSError:
        return False


if __name__ == "__main__":
    leaks = [f"{h}:{p}" for h, p in [("1.1.1.1", 443), ("8.8.8.8", 53), ("pypi.org", 443)]
             if reachable(h, p)]
    if leaks:
        sys.exit(f"network is reachable from the notebook sandbox: {', '.join(leaks)}")
    print("offline sandbox: no outside address is reachable")
