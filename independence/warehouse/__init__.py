"""The DuckDB warehouse and its one owner: schema and migrations, atomic loads, a person's rows, copies.

`Warehouse` is the only place that connects to DuckDB (every writer takes its turn through
`Warehouse.writing`), and `transaction` the only begin/commit/rollback helper.
"""

from independence.warehouse.owner import Warehouse
from independence.warehouse.transaction import transaction

__all__ = ["Warehouse", "transaction"]
