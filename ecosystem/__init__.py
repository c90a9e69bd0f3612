"""The Hope Ecosystem marketplace server."""

from sqlmodel import SQLModel

# Named constraints, so that migrations can alter them on PostgreSQL and SQLite alike. Set
# here because it must precede every table definition.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
