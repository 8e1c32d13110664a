"""The body's key (its electronic seal) reached through PKCS#11: an HSM or a token on the server in production,
a SoftHSM2 token initialised at set-up in the demo and the tests; a PKCS#12 file is the fallback setting."""

import os
import secrets
import shutil
import subprocess  # nosec B404
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

from reports.register.signing import pki

BODY_CERT_STEM = "body-seal"


class SigningSetupError(RuntimeError):
    """The signing key or token is not there or not usable (a set-up or configuration problem)."""


def softhsm_conf_path() -> Path:
    return pki.signing_dir() / "softhsm2.conf"


def pin_path() -> Path:
    return pki.signing_dir() / "pkcs11-pin"


def token_pin() -> str:
    """The PKCS#11 user PIN: the setting, else the one the set-up wrote under SIGNING_DIR."""
    if settings.SIGNING_PKCS11_PIN:
        return settings.SIGNING_PKCS11_PIN
    path = pin_path()
    if path.exists():
        return path.read_text().strip()
    raise SigningSetupError("Chưa có mã PIN của thiết bị ký số (SIGNING_PKCS11_PIN).")


def use_softhsm_conf() -> None:
    """Point SoftHSM2 at the set-up's token directory unless the environment already names a configuration; must
    run before the PKCS#11 module is first loaded in the process."""
    conf = softhsm_conf_path()
    if "SOFTHSM2_CONF" not in os.environ and conf.exists():
        os.environ["SOFTHSM2_CONF"] = str(conf)


def softhsm_available() -> bool:
    return shutil.which("softhsm2-util") is not None and Path(settings.SIGNING_PKCS11_MODULE).exists()


def init_softhsm_token(*, key_path: Path, cert_path: Path, force: bool = False) -> bool:
    """Initialise the SoftHSM2 token SIGNING_PKCS11_TOKEN_LABEL under SIGNING_DIR/tokens with the body's key and
    certificate (label SIGNING_PKCS11_KEY_LABEL); a random PIN is written to SIGNING_DIR/pkcs11-pin (0600).
    Returns False when the token exists already (kept unless `force`)."""
    base = pki.signing_dir()
    token_dir = base / "tokens"
    conf = softhsm_conf_path()
    if conf.exists() and token_dir.exists() and any(token_dir.iterdir()) and pin_path().exists() and not force:
        return False
    if token_dir.exists():
        shutil.rmtree(token_dir)
    token_dir.mkdir(parents=True, mode=0o700)
    conf.write_text(f"directories.tokendir = {token_dir}\nobjectstore.backend = file\nlog.level = ERROR\n"
                    "slots.removable = false\n")
    pin, so_pin = secrets.token_hex(8), secrets.token_hex(8)
    pki._write_private(pin_path(), pin.encode())
    env = {**os.environ, "SOFTHSM2_CONF": str(conf)}
    label, key_label = settings.SIGNING_PKCS11_TOKEN_LABEL, settings.SIGNING_PKCS11_KEY_LABEL
    util = shutil.which("softhsm2-util")
    if util is None:
        raise SigningSetupError("softhsm2-util is missing: apt-get install softhsm2")
    init = [util, "--init-token", "--free", "--label", label, "--pin", pin, "--so-pin", so_pin]
    subprocess.run(init, env=env, check=True, capture_output=True)  # noqa: S603  # nosec B603
    load = [util, "--import", str(key_path), "--token", label, "--label", key_label, "--id", "01", "--pin", pin]
    subprocess.run(load, env=env, check=True, capture_output=True)  # noqa: S603  # nosec B603
    _import_certificate(cert_path, conf=conf, pin=pin)
    return True


def _import_certificate(cert_path: Path, *, conf: Path, pin: str) -> None:
    """Put the certificate on the token beside its key (same label and id), as a token from a CA comes."""
    os.environ.setdefault("SOFTHSM2_CONF", str(conf))
    from cryptography.hazmat.primitives import serialization
    from pkcs11 import Attribute, CertificateType, ObjectClass
    from pyhanko.sign.pkcs11 import p11_lib

    cert = pki.load_certificate(cert_path.read_bytes())
    p11_token = p11_lib(settings.SIGNING_PKCS11_MODULE).get_token(token_label=settings.SIGNING_PKCS11_TOKEN_LABEL)
    with p11_token.open(rw=True, user_pin=pin) as session:
        session.create_object({
            Attribute.CLASS: ObjectClass.CERTIFICATE, Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
            Attribute.TOKEN: True, Attribute.PRIVATE: False, Attribute.LABEL: settings.SIGNING_PKCS11_KEY_LABEL,
            Attribute.ID: b"\x01", Attribute.SUBJECT: cert.subject.public_bytes(),
            Attribute.VALUE: cert.public_bytes(serialization.Encoding.DER)})


@contextmanager
def open_session(pin: str | None = None):
    """A logged-in session on the configured token (closed on exit); raises SigningSetupError when unusable."""
    use_softhsm_conf()
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign.pkcs11 import open_pkcs11_session

    try:
        session = open_pkcs11_session(settings.SIGNING_PKCS11_MODULE,
                                      token_criteria=TokenCriteria(label=settings.SIGNING_PKCS11_TOKEN_LABEL),
                                      user_pin=pin or token_pin())
    except SigningSetupError:
        raise
    except Exception as exc:  # the module, the token or the PIN: a configuration problem either way
        raise SigningSetupError(f"Không mở được thiết bị ký số của cơ quan: {exc}") from exc
    try:
        yield session
    finally:
        session.close()


@contextmanager
def body_signer(key_label: str = ""):
    """A pyHanko Signer holding the body's key: PKCS#11 (default) or the PKCS#12 fallback (SIGNING_BODY_KEY)."""
    if settings.SIGNING_BODY_KEY == "pkcs12":
        from pyhanko.sign.signers import SimpleSigner

        path = Path(settings.SIGNING_PKCS12_FILE or pki.demo_ca_dir() / f"{BODY_CERT_STEM}.p12")
        if not path.exists():
            raise SigningSetupError(f"Không thấy tệp khóa của cơ quan: {path}")
        password = settings.SIGNING_PKCS12_PASSWORD.encode() or None
        signer = SimpleSigner.load_pkcs12(str(path), passphrase=password)
        if signer is None:
            raise SigningSetupError("Không đọc được tệp khóa PKCS#12 của cơ quan.")
        yield signer
        return
    from pyhanko.sign.pkcs11 import PKCS11Signer

    with open_session() as session:
        yield PKCS11Signer(session, key_label=key_label or settings.SIGNING_PKCS11_KEY_LABEL)
