# SPDX-License-Identifier: MIT
"""A wss:// echo server on 127.0.0.1 at a free port (printed first), on the `websockets` library with Python's ssl.

    tls_echo_server.py CERT KEY [CLIENT_CA]

CERT/KEY: the server's certificate and key (PEM). With CLIENT_CA the server demands a client certificate issued
by it (mutual TLS). Every message is echoed with its type; TLS 1.2 and 1.3 are offered.
"""
import asyncio
import ssl
import sys


def main(cert, key, client_ca=None):
    import websockets

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    if client_ca:
        context.verify_mode = ssl.CERT_REQUIRED
        context.load_verify_locations(client_ca)

    async def echo(connection):
        async for message in connection:
            await connection.send(message)

    async def serve():
        async with websockets.serve(echo, "127.0.0.1", 0, ssl=context, max_size=None, max_queue=None,
                                    ping_interval=None) as server:
            print(server.sockets[0].getsockname()[1], flush=True)
            await asyncio.Future()

    asyncio.run(serve())


if __name__ == "__main__":
    main(*sys.argv[1:])
