from cryptography import unavailable as load_der_private_key
from cryptography import unavailable as load_pem_private_key

__all__ = ["load_der_private_key", "load_pem_private_key"]
