"""English date formats without the US month-first order: "30 Nov 2026" reads the same
in every English-speaking country, "11/30/2026" does not. Input formats stay Django's
(ISO first), so forms still accept what they accepted before.
"""

from django.conf.locale.en.formats import *  # noqa: F403

DATE_FORMAT = "j M Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
MONTH_DAY_FORMAT = "j F"
FIRST_DAY_OF_WEEK = 1  # Monday, as in the German calendar the teams plan with
