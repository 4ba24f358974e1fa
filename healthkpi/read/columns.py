"""The columns of the table of units that reading produces (`DataSet.frame`)."""

META_SHEET = "_healthkpi"  # where `template` records the plan a workbook was made for
UNIT, KEY, PERIOD, INPUT, ROW = "unit", "unit_key", "period", "_input", "_row"
PARENT = "parent"  # the unit's parent (district, area), when the sheet or the plan says
