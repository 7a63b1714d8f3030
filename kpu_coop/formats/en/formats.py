# The same order in English ("28 December 2022"), so that both languages read dates alike.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
