"""RAM 2015-05-01, emulated: users (with AccessKeys and login profiles), groups, policies and their
versions and attachments, roles, virtual MFA devices, and the route table ``ROUTES``.

Modules: ``users``, ``groups``, ``policies``, ``roles``, ``mfa`` (the handlers, one entity each),
``entities`` (the not-found, already-exists and limit errors every kind of entity answers),
``resources`` (the ARN each action is authorized on), ``views`` (RAM's response shapes and paging),
``routes`` (``ROUTES``: action -> ``ApiRoute``).
"""

from immplay.cloud.ram.routes import ROUTES

__all__ = ["ROUTES"]
