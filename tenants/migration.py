"""What a migration writes for every new tenant table (DESIGN.md, "Tenancy": the Citus shape): the ``tenant_id``
column first, its foreign key to ``tenants`` (cascading), a primary key that starts with ``tenant_id``, foreign keys
to other tenant tables through ``(tenant_id, <column>)``, and the row-level security policy of ``rls.policy_sql``.
Migrations call it so that the shape is written once (0042, 0045 and 0046 do)."""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from tenants.rls import policy_sql


def tenant_fk(table: str, column: str, target: str, ondelete: str | None = None) -> sa.ForeignKeyConstraint:
    """``table``'s ``(tenant_id, column)`` referring to ``target``'s ``(tenant_id, id)``, named as the models'
    naming convention names it."""
    return sa.ForeignKeyConstraint(['tenant_id', column], [f'{target}.tenant_id', f'{target}.id'],
                                   name=op.f(f'fk_{table}_tenant_id_{column}_{target}'), ondelete=ondelete)


def create_tenant_table(table: str, *elements: sa.schema.SchemaItem, key: Sequence[str] = ('id',)) -> None:
    """``op.create_table`` with the tenant's column and foreign key, the primary key ``(tenant_id, *key)``, then the
    table's row-level security (ENABLE, FORCE, one policy)."""
    op.create_table(
        table,
        sa.Column('tenant_id', sa.BigInteger(), nullable=False),
        *elements,
        sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f(f'fk_{table}_tenant_id_tenants'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('tenant_id', *key, name=op.f(f'pk_{table}')),
    )
    for statement in policy_sql(table):
        op.execute(statement)
