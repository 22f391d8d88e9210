# SPDX-License-Identifier: MIT
"""Test certificates for the wss tests, written as PEM files into a directory (made at test time, never committed).

    make_certs.py DIR

The firmware's clock is set by SNTP to 2026-01-01 00:00:00 UTC in those tests; validity periods are chosen around
that instant. Files (each NAME.pem, and NAME.key for the ones with a private key):
    ca              the test CA (EC P-256)               other-ca     a CA the firmware does not trust
    server          esp32emu.test, valid 2025-2027       server-rsa   the same with an RSA-2048 key
    expired         esp32emu.test, ended 2025-06-01      future       esp32emu.test, starts 2026-06-01
    wronghost       other.test                           untrusted    esp32emu.test signed by other-ca
    client          a client certificate from ca         rogue-client a client certificate from other-ca
"""
import datetime
import pathlib
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

HOST = "esp32emu.test"


def day(year, month, day_):
    return datetime.datetime(year, month, day_, tzinfo=datetime.timezone.utc)


def name(common_name):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def certificate(subject, key, issuer, issuer_key, start, end, ca=False, host=None, client=False):
    builder = (
        x509.CertificateBuilder()
        .subject_name(name(subject))
        .issuer_name(name(issuer))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if host:
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.DNSName(host)]), critical=False)
        builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
    if client:
        builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


def write(directory, file_name, cert, key=None):
    (directory / f"{file_name}.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    if key is not None:
        (directory / f"{file_name}.key").write_bytes(
            key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                              serialization.NoEncryption()))


def main(directory):
    directory.mkdir(parents=True, exist_ok=True)
    ec_key = lambda: ec.generate_private_key(ec.SECP256R1())
    ca_key, other_ca_key = ec_key(), ec_key()
    ca = certificate("esp32emu test CA", ca_key, "esp32emu test CA", ca_key, day(2020, 1, 1), day(2040, 1, 1), ca=True)
    other_ca = certificate("another CA", other_ca_key, "another CA", other_ca_key, day(2020, 1, 1), day(2040, 1, 1),
                           ca=True)
    write(directory, "ca", ca, ca_key)
    write(directory, "other-ca", other_ca, other_ca_key)
    servers = {
        "server": (HOST, ca_key, day(2025, 1, 1), day(2027, 1, 1)),
        "expired": (HOST, ca_key, day(2023, 1, 1), day(2025, 6, 1)),
        "future": (HOST, ca_key, day(2026, 6, 1), day(2028, 1, 1)),
        "wronghost": ("other.test", ca_key, day(2025, 1, 1), day(2027, 1, 1)),
        "untrusted": (HOST, other_ca_key, day(2025, 1, 1), day(2027, 1, 1)),
    }
    for file_name, (host, issuer_key, start, end) in servers.items():
        key = ec_key()
        issuer = "esp32emu test CA" if issuer_key is ca_key else "another CA"
        write(directory, file_name, certificate(host, key, issuer, issuer_key, start, end, host=host), key)
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    write(directory, "server-rsa",
          certificate(HOST, rsa_key, "esp32emu test CA", ca_key, day(2025, 1, 1), day(2027, 1, 1), host=HOST), rsa_key)
    for file_name, issuer, issuer_key in [("client", "esp32emu test CA", ca_key),
                                          ("rogue-client", "another CA", other_ca_key)]:
        key = ec_key()
        write(directory, file_name,
              certificate("esp32 client", key, issuer, issuer_key, day(2025, 1, 1), day(2027, 1, 1), client=True), key)


if __name__ == "__main__":
    main(pathlib.Path(sys.argv[1]))
