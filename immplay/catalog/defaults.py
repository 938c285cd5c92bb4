"""The account and region immplay uses when none is given: the catalog's ARN builder, the CLI, the
policy tests, the diff and the emulated cloud all read them here."""

DEFAULT_REGION = "cn-shanghai"
DEFAULT_ACCOUNT = "1509100000000000"  # a made-up 16-digit account ID, the shape of a real one
