"""Stand-in for ``cryptography`` in the browser site: importable, but every RSA operation fails loudly.

The official Alibaba Cloud SDKs import ``load_pem_private_key``/``load_der_private_key``, ``padding``,
``hashes`` and ``default_backend`` when they are imported, and use them only to sign with an RSA key pair.
AccessKey and STS-token requests, all the course makes, are signed with HMAC from the standard library.
"""

MESSAGE = (
    "RSA key-pair signing needs the `cryptography` library, which has no build for the browser (Pyodide). "
    "AccessKey and STS-token signing work here; for RSA key pairs run the course locally or on Binder."
)


class UnavailableInBrowser(NotImplementedError):
    """Raised by every operation of this stand-in."""


def unavailable(*_args: object, **_kwargs: object) -> None:
    """Any function of the real library: raises ``UnavailableInBrowser``."""
    raise UnavailableInBrowser(MESSAGE)


def unavailable_attribute(name: str) -> None:
    """Module ``__getattr__``: any public name (``hashes.SHA256``, ``padding.PKCS1v15``) raises."""
    if name.startswith("__"):
        raise AttributeError(name)
    raise UnavailableInBrowser(MESSAGE)
