"""Use case: delete a person — every row of theirs, every derived row, their reports, and the bytes left behind."""

from __future__ import annotations

import shutil
from pathlib import Path

from independence.analysis.transforms import built_warehouse, users_changed_since_build
from independence.config import REPORTS_DIR
from independence.warehouse import Warehouse
from independence.warehouse.copies import compacted
from independence.warehouse.people import deleted_person_rows
from independence.warehouse.users import validated_user_id


def deleted_person(user: str, db_path: Path | None = None, reports_dir: Path = REPORTS_DIR) -> int:
    """Delete a person's rows, rebuild the marts without them, rewrite the file, remove their reports.

    Returns the number of entries deleted.
    """
    user = validated_user_id(user)
    warehouse = Warehouse(db_path)
    with warehouse.writing() as con:
        deleted = deleted_person_rows(con, user)
        if deleted:
            # the models drop every derived row of theirs (and catch up anyone with newer imports)
            built_warehouse(con, users=sorted({user, *users_changed_since_build(con)}), removed=True)
        compacted(con, warehouse.path)  # and their bytes leave the file, not only the tables
    shutil.rmtree(reports_dir / user, ignore_errors=True)
    return deleted
