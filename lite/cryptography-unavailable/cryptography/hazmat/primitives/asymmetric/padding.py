from cryptography import unavailable_attribute as __getattr__  # noqa: F401 - every padding raises
