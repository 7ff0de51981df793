"""Vietnamese date formats: dd/mm/yyyy everywhere, whatever the browser's locale.

Django's own `vi` formats show "d-m-Y" and leave the input formats to the default list,
whose first slash format is the American "%m/%d/%Y": "05/06/2026" would be read as
6 May. Civil servants write the day first (Nghị định 30/2020/NĐ-CP, Phụ lục I), so
dates are shown as 05/06/2026 and read day first; ISO (2026-06-05) is accepted too, for
browsers' date pickers and pasted values.
"""

DATE_FORMAT = "d/m/Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "d/m/Y H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "m/Y"
MONTH_DAY_FORMAT = "d/m"
FIRST_DAY_OF_WEEK = 1  # Monday

# The first format is the one forms display.
DATE_INPUT_FORMATS = [
    "%d/%m/%Y",  # 05/06/2026, 5/6/2026
    "%Y-%m-%d",  # 2026-06-05 (ISO)
    "%d-%m-%Y",  # 05-06-2026
    "%d.%m.%Y",  # 05.06.2026
    "%d/%m/%y",  # 05/06/26
    "%d%m%Y",  # 05062026: eight digits from a phone's numeric keypad, which has no "/"
]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%d/%m/%Y",
    "%Y-%m-%d",
]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
