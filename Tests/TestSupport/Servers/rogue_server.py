# SPDX-License-Identifier: MIT
"""A WebSocket server that misbehaves on purpose, for the client's failure paths. It answers the upgrade
correctly, then acts on the request path:

    /violate   sends a frame with RSV1 set (a protocol violation)
    /drop      closes the TCP connection at once, without a CLOSE frame
    /silent    reads and ignores everything: no PONG, no CLOSE answer
    /tiny      stops reading, with a tiny receive buffer, so the client's writes stall
    /headers   sends the request's X-Test header value back as a text frame, then echoes nothing
    /redirect  answers 302 with a Location of /headers on this server (as the guest sees it, 10.0.2.2)
    /badaccept answers 101 with a wrong Sec-WebSocket-Accept

Listens on 127.0.0.1 at a free port, printed first; one thread per connection.
"""
import base64
import hashlib
import socket
import threading
import time

GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


def upgrade(connection, port):
    request = b""
    while b"\r\n\r\n" not in request:
        chunk = connection.recv(4096)
        if not chunk:
            return None
        request += chunk
    lines = request.split(b"\r\n")
    path = lines[0].split(b" ")[1].decode()
    if path == "/redirect":
        connection.sendall(b"HTTP/1.1 302 Found\r\nLocation: ws://10.0.2.2:%d/headers\r\n\r\n" % port)
        return path
    key = next(line.split(b": ", 1)[1] for line in lines if line.lower().startswith(b"sec-websocket-key:"))
    accept = base64.b64encode(hashlib.sha1(key.strip() + GUID).digest())
    if path == "/badaccept":
        accept = base64.b64encode(b"not the right digest")
    connection.sendall(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                       b"Sec-WebSocket-Accept: " + accept + b"\r\n\r\n")
    if path == "/headers":
        value = next((line.split(b": ", 1)[1] for line in lines if line.lower().startswith(b"x-test:")), b"none")
        connection.sendall(bytes([0x81, len(b"X-Test=" + value)]) + b"X-Test=" + value)
    return path


def serve(connection, port):
    path = upgrade(connection, port)
    if path == "/violate":
        connection.sendall(bytes([0xC1, 0x00]))
        time.sleep(5)
    elif path == "/drop":
        time.sleep(0.2)
    elif path == "/silent":
        while connection.recv(4096):
            pass
    elif path == "/tiny":
        time.sleep(30)
    elif path in ("/headers", "/badaccept"):
        time.sleep(5)
    connection.close()


def main():
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 2048)  # inherited by accepted sockets (for /tiny)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    port = server.getsockname()[1]
    print(port, flush=True)
    while True:
        connection, _ = server.accept()
        threading.Thread(target=serve, args=(connection, port), daemon=True).start()


if __name__ == "__main__":
    main()
