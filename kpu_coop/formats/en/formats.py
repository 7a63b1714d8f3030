# The same order in English ("28 December 2022"), so that both languages read dates alike.
DATE_FORMAT = "j F Y"
# Times are Asia/Jakarta's, and say so ("8 December 2026, 05:09 WIB").
DATETIME_FORMAT = "j F Y, H:i T"
TIME_FORMAT = "H:i T"
