# One date format on every page, as Indonesian writes it: "28 Desember 2022" (Django's own is "28 Des 2022").
DATE_FORMAT = "j F Y"
# Times are Asia/Jakarta's, and say so: offices in WITA and WIT read them too ("8 Desember 2026, 05.09 WIB").
DATETIME_FORMAT = "j F Y, H.i T"
TIME_FORMAT = "H.i T"
