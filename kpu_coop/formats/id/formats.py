# One date format on every page, as Indonesian writes it: "28 Desember 2022" (Django's own is "28 Des 2022").
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H.i"
