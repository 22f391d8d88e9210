# SPDX-License-Identifier: MIT
"""WebSocket echo servers for the protocol core's interop tests, on 127.0.0.1 at a free port (printed first).

    echo_server.py websockets   the `websockets` library (asyncio)
    echo_server.py simple       SimpleWebSocketServer, which esp_websocket_client's own example test uses

Both echo every message with its type. Text commands drive the server's side of the protocol:
"please ping" makes the server PING with payload b"are you there", "please close" makes it close with 4001.
"""
import asyncio
import sys


def run_websockets():
    import websockets

    async def handler(connection):
        async for message in connection:
            if message == "please ping":
                await connection.ping(b"are you there")
            elif message == "please close":
                await connection.close(4001, "bye")
                return
            else:
                await connection.send(message)

    async def main():
        # max_queue=None: a message sent as 1024 fragments (1 MiB at the client's 1024-byte frames) would
        # otherwise stall the server's reader at 16 buffered frames.
        async with websockets.serve(handler, "127.0.0.1", 0, max_size=None, max_queue=None, ping_interval=None) as server:
            print(server.sockets[0].getsockname()[1], flush=True)
            await asyncio.Future()

    asyncio.run(main())


def run_simple():
    from simple_websocket_server import WebSocket, WebSocketServer

    class Echo(WebSocket):
        def handle(self):
            if self.data == "please close":
                self.close(4001, "bye")
            else:
                self.send_message(self.data)

    server = WebSocketServer("127.0.0.1", 0, Echo)
    print(server.serversocket.getsockname()[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    {"websockets": run_websockets, "simple": run_simple}[sys.argv[1]]()
