# SPDX-License-Identifier: MIT
"""A client that checks a WebSocket echo server on 127.0.0.1 (the in-process one of esp32emu's demo) with the
`websockets` library, and prints one line per check: "<name> <observed value>".

    probe_echo_server.py PORT
"""
import http.client
import sys

from websockets.sync.client import connect


def main(port):
    uri = f"ws://127.0.0.1:{port}/probe"
    with connect(uri) as ws:
        ws.send("hello")
        print("text", ws.recv())
        ws.send(bytes(range(10)))
        print("binary", ws.recv().hex())
        ws.send(["frag", "mented"])  # one message in two frames
        print("fragmented", ws.recv())
        ws.send("x" * 100_000)
        print("large", len(ws.recv()))
        print("pong", ws.ping(b"are you there").wait(5))
        ws.close(4001, "bye")
        print("close", ws.protocol.close_rcvd.code)
    plain = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    plain.request("GET", "/")
    print("plain-http", plain.getresponse().status)


if __name__ == "__main__":
    main(int(sys.argv[1]))
