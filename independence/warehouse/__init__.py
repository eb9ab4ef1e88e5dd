"""The DuckDB warehouse: schema, migrations and atomic loading of staged imports."""

from independence.warehouse.schema import default_db_path, open_warehouse, schema_version

__all__ = ["default_db_path", "open_warehouse", "schema_version"]
