# English dates the way international trade writes them: day, month name, year
# (20 Jan 2027), never the ambiguous 01/02/2027.
DATE_FORMAT = "j M Y"
SHORT_DATE_FORMAT = "d M Y"
DATETIME_FORMAT = "j M Y H:i"
SHORT_DATETIME_FORMAT = "d M Y H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j M"
YEAR_MONTH_FORMAT = "M Y"
FIRST_DAY_OF_WEEK = 1
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d %b %Y", "%d/%m/%Y", "%Y/%m/%d"]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
