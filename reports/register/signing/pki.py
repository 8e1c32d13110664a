"""Certificates: the throwaway demo CA made at set-up (a root, the body's certificate, one per demo signer), kept
under SIGNING_DIR and never committed; and the helpers that read and describe a certificate."""

import datetime
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.conf import settings

DEMO_CA_NAME = "Demo CA - Cong doi thoai (khong dung that)"
KEY_SIZE = 2048


def signing_dir() -> Path:
    return Path(settings.SIGNING_DIR)


def demo_ca_dir() -> Path:
    return signing_dir() / "demo-ca"


def _name(common_name: str, organisation: str = "", title: str = "") -> x509.Name:
    attributes = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    if organisation:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    if title:
        attributes.append(x509.NameAttribute(NameOID.TITLE, title))
    attributes.append(x509.NameAttribute(NameOID.COMMON_NAME, common_name))
    return x509.Name(attributes)


def _write_private(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)


@dataclass
class Issued:
    """A key and its certificate as files: <stem>.key.pem (PKCS#8, unencrypted, 0600), <stem>.cert.pem, <stem>.p12."""

    key_path: Path
    cert_path: Path
    p12_path: Path

    @property
    def certificate(self) -> x509.Certificate:
        return x509.load_pem_x509_certificate(self.cert_path.read_bytes())


def issued_files(stem: str, directory: Path | None = None) -> Issued:
    directory = directory or demo_ca_dir()
    return Issued(directory / f"{stem}.key.pem", directory / f"{stem}.cert.pem", directory / f"{stem}.p12")


def _validity(now: datetime.datetime, years: int):
    # A throwaway demo CA: valid from three years back, so that documents and tests dated in the recent past
    # (the demo's 2026 conference, frozen test clocks) are signed within the certificates' validity.
    return now - datetime.timedelta(days=3 * 365), now + datetime.timedelta(days=365 * years)


def create_root(directory: Path | None = None) -> Issued:
    """The demo root CA (10 years), created once; an existing one is kept."""
    directory = directory or demo_ca_dir()
    issued = Issued(directory / "root.key.pem", directory / "root.cert.pem", directory / "root.p12")
    if issued.key_path.exists() and issued.cert_path.exists():
        return issued
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_SIZE)
    name = _name(DEMO_CA_NAME, "Demo")
    not_before, not_after = _validity(datetime.datetime.now(datetime.UTC), 10)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(not_before).not_valid_after(not_after)
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                         crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256()))
    _write_private(issued.key_path, key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                      serialization.NoEncryption()))
    issued.cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return issued


def issue_certificate(stem: str, *, common_name: str, organisation: str = "", title: str = "",
                      directory: Path | None = None, p12_password: bytes = b"", years: int = 3,
                      timestamping: bool = False) -> Issued:
    """A signing certificate of the demo root for `common_name` (a person, or the body for its seal), written as
    <stem>.key.pem, <stem>.cert.pem and <stem>.p12 (protected by `p12_password`, empty = none). `timestamping`:
    a timestamp authority's certificate instead (extended key usage timeStamping only, critical, RFC 3161)."""
    directory = directory or demo_ca_dir()
    root = create_root(directory)
    root_key = serialization.load_pem_private_key(root.key_path.read_bytes(), password=None)
    root_cert = root.certificate
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_SIZE)
    not_before, not_after = _validity(datetime.datetime.now(datetime.UTC), years)
    cert = (x509.CertificateBuilder().subject_name(_name(common_name, organisation, title))
            .issuer_name(root_cert.subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(not_before).not_valid_after(not_after)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                         crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING] if timestamping else
                                                 [ExtendedKeyUsageOID.EMAIL_PROTECTION,
                                                  ExtendedKeyUsageOID.CLIENT_AUTH]), critical=timestamping)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()), critical=False)
            .sign(root_key, hashes.SHA256()))
    issued = issued_files(stem, directory)
    _write_private(issued.key_path, key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                      serialization.NoEncryption()))
    issued.cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    encryption = (serialization.BestAvailableEncryption(p12_password) if p12_password
                  else serialization.NoEncryption())
    _write_private(issued.p12_path, pkcs12.serialize_key_and_certificates(
        common_name.encode(), key, cert, [root_cert], encryption))
    return issued


# ---- Reading certificates -----------------------------------------------------------------------------------------

def load_certificate(data: bytes | str) -> x509.Certificate:
    """A certificate from PEM or DER bytes; raises ValueError for anything else."""
    if isinstance(data, str):
        data = data.encode()
    data = data.strip()
    if data.startswith(b"-----BEGIN"):
        return x509.load_pem_x509_certificate(data)
    return x509.load_der_x509_certificate(data)


def to_pem(cert: x509.Certificate) -> str:
    return cert.public_bytes(serialization.Encoding.PEM).decode()


def fingerprint(cert) -> str:
    """SHA-256 of the DER certificate, hex; accepts cryptography's or asn1crypto's certificate objects."""
    der = cert.public_bytes(serialization.Encoding.DER) if isinstance(cert, x509.Certificate) else cert.dump()
    return hashlib.sha256(der).hexdigest()


def common_name(cert: x509.Certificate) -> str:
    names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(names[0].value) if names else cert.subject.rfc4514_string()
