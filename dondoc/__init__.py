"""dondoc: theo dõi, đôn đốc việc thực hiện nhiệm vụ do UBND tỉnh giao."""

__version__ = "0.1.0"
