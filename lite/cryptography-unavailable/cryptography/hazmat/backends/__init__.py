from cryptography import unavailable as default_backend

__all__ = ["default_backend"]
