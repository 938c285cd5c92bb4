"""Every assumption the emulated cloud makes where the reference is unsure (reference §10), in one
place, so documentation and notebooks can show them. Each entry: (topic, what immplay does, why).

``ASSUMPTIONS`` is English; ``assumption_rows()`` gives the same rows in the current language (the
Chinese course prints those): topics from ``immplay/messages/assumptions.toml``, what and why from
``immplay/messages/assumption-rows.toml``.

Example::

    from immplay.cloud.assumptions import ASSUMPTIONS
    for topic, behaviour, basis in ASSUMPTIONS: print(f"{topic}: {behaviour}")
"""

from __future__ import annotations

from immplay.messages import catalog, text

ASSUMPTIONS: tuple[tuple[str, str, str], ...] = (
    ("IMM authorization failure code",
     'HTTP 403, Code "Forbidden.RAM", Message "User not authorized to operate on the specified APIs."',
     "the message is documented; the code is not (Forbidden.RAM and NoPermission are both plausible)"),
    ("RAM and STS authorization failure",
     'HTTP 403 "NoPermission", "You are not authorized to do this action. You should be authorized by RAM."',
     "RAM error list and STS AssumeRole error table"),
    ("AccessDeniedDetail.PolicyType",
     "AccountLevelIdentityBasedPolicy | SessionPolicy | ResourceBasedPolicy (the trust policy)",
     "names seen on Alibaba Cloud pages; the exact set is not documented for RAM/STS/IMM"),
    ("EncodedDiagnosticMessage",
     "plain base64 of a JSON object that ram:DecodeDiagnosticMessage decodes; the real one is opaque",
     "an emulator cannot reproduce Alibaba's encryption; decoding gives the same fields"),
    ("Authentication error statuses",
     "InvalidAccessKeyId.Inactive, MissingSecurityToken, InvalidSecurityToken.* answer HTTP 400",
     "reference §10 suggests 400; no official status found"),
    ("RAM resource ARNs for users, groups, MFA devices",
     "acs:ram:*:<uid>:user/<name>, group/<name>, mfa/<name>; attach/detach and membership calls are "
     "authorized on the user, group or role they change; Create* and List* on <type>/*",
     "policy/ and role/ forms are documented; the rest is inferred by analogy"),
    ("GetCallerIdentity Arn for a role session",
     "acs:ram::<uid>:assumed-role/<RoleName>/<RoleSessionName> (GUESS)",
     "not confirmed; AssumeRole's AssumedRoleUser.Arn uses acs:ram::<uid>:role/<RoleName>/<session>"),
    ("Role chaining",
     "a role session may call AssumeRole; the trust policy sees the role ARN; no extra duration cap",
     "documentation says RAM roles may call AssumeRole; no cap is documented"),
    ("Deleting a role", "revokes the temporary credentials issued for it (their key becomes unknown)",
     "an emulator choice so a recreated role of the same name never inherits old sessions"),
    ("Policy document over 6,144 characters", "InvalidParameter.PolicyDocument.Length (400)",
     "the reference's presumption"),
    ("EntityAlreadyExists/EntityNotExist.Role.Policy and DeleteConflict.Policy.Role",
     "used for roles like their User/Group counterparts", "not in RAM's published error list"),
    ("Custom policy named like a system policy", "refused with EntityAlreadyExists.Policy",
     "keeps a policy name unambiguous; RAM's behaviour is not documented"),
    ("acs:MFAPresent", "never sent with API calls, so conditions on it are false (missing context)",
     "a third-party report says it is not evaluated for AccessKey calls"),
    ("BindMFADevice", "AuthenticationCode2 may be the TOTP of the current 30-second step or one either side; "
     "AuthenticationCode1 must be the step before it; checked at the emulated clock's time",
     "RFC 6238 with the usual one-step tolerance; RAM's tolerance is not documented"),
    ("QRCodePNG", "a fixed 1x1 placeholder PNG (use Base32StringSeed with pyotp instead)",
     "generating a real QR code would need an extra dependency"),
    ("Operations not emulated", "authorized as usual, then HTTP 400 OperationNotEmulated",
     "400 so the new SDK raises ClientException, not the retry-suggesting ServerException"),
    ("IMM tasks", "complete at once: Status Succeeded, with a Message saying no media was processed",
     "the emulator has no media pipeline"),
    ("DeleteProject", "also deletes the project's datasets and tasks",
     "the real precondition is not in the reference"),
    ("IMM operations whose ARN needs a name the SDK marks optional",
     "Binding operations need DatasetName, DetectMediaMeta/GetDRMLicense need ProjectName "
     "(Missing<Param>, 400)", "without the name there is no resource to authorize on"),
    ("System policy dates and unknown versions",
     "CreateDate/UpdateDate are the account's creation instant; a GUESSED document's version is v1",
     "the catalog carries no dates, and no version for guessed documents"),
    ("Password rule for login profiles", "8-32 characters, else InvalidParameter.Password.TooWeak",
     "RAM's default password policy minimum is 8"),
    ("Trail size", "the last 10,000 events", "flat memory for long runs"),
    ("Endpoint of a region that does not exist",
     "mock_cloud raises UnemulatedRequest (a requests ConnectionError) naming the region, before any HTTP answer",
     "endpoints exist only for real regions, so the host name does not resolve; the reference does not say more"),
    ("IMM resource hierarchy",
     "a grant on a project ARN (acs:imm:<region>:<uid>:project/<name>) also covers that project's "
     "datasets; a grant on a dataset ARN covers that dataset only",
     "the guide's \"specific projects\" example lets dataset work run under a project grant; "
     "no RAM page states the rule"),
    ("Inferred IMM operation resources",
     "88 of the 105 IMM 2020-09-30 operations are authorized on an ARN inferred from their parameters "
     "(catalog status \"inferred\")",
     "IMM's RAM table lists the resource of only 10 operations; the rest follow the rows they resemble"),
    ("Guessed IMM operation resources",
     "the 7 batch operations (CreateBatch ... UpdateBatch) are authorized on project/<name>/batch/* "
     "(catalog status \"guess\")",
     "by analogy with triggers (project/<name>/trigger/*); unconfirmed"),
)



def assumption_rows(language: str | None = None) -> tuple[tuple[str, str, str], ...]:
    """``ASSUMPTIONS`` in ``language`` (default: the current one): (topic, what immplay does, why) each.

    >>> assumption_rows("zh-CN")[0][0], assumption_rows("en") == ASSUMPTIONS
    ('IMM 鉴权失败的错误码', True)
    """
    names = {entry["en"]: name for name, entry in catalog("assumptions").items()}  # English topic -> name
    return tuple((text(f"assumptions.{names[topic]}", language=language),
                  text(f"assumption-rows.{names[topic]}-behaviour", language=language),
                  text(f"assumption-rows.{names[topic]}-basis", language=language))
                 for topic, _behaviour, _basis in ASSUMPTIONS)
