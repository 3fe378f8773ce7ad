"""Values for the tenant walk (see teams/tests/test_tenant_isolation.py)."""

KWARG_FIXTURES = {
    "picker_key": lambda ctx: "members",
}
