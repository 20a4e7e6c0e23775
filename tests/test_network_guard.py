import socket

import pytest


def test_outside_connections_fail():
    with pytest.raises(RuntimeError, match="network"):
        socket.create_connection(("192.0.2.1", 80), timeout=0.1)
    s = socket.socket()
    try:
        with pytest.raises(RuntimeError, match="network"):
            s.connect(("192.0.2.1", 80))
    finally:
        s.close()
